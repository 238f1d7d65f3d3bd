/// Every statistic of a simulation, each under a unique dotted path with a unit and a meaning.
///
/// Models register what they measure here; only the Analysis layer turns it into text. Entries
/// are kept in registration order and listed sorted by path, so reports never depend on
/// dictionary order.
public final class StatisticsRegistry {
    private var byPath: [String: Statistic] = [:]

    public init() {}

    /// Registers a counter (an exact integer count, e.g. commands issued).
    public func counter(_ path: String, unit: String, description: String) throws -> Counter {
        let stat = Counter(info: try info(path, unit, description))
        byPath[path] = .counter(stat)
        return stat
    }

    /// Registers an accumulator (sum, count, min, max, mean of samples, e.g. latencies).
    public func accumulator(_ path: String, unit: String, description: String) throws -> Accumulator {
        let stat = Accumulator(info: try info(path, unit, description))
        byPath[path] = .accumulator(stat)
        return stat
    }

    /// Registers a histogram with the given ascending bucket edges.
    public func histogram(_ path: String, unit: String, description: String, bucketEdges: [Double]) throws -> Histogram {
        let meta = try info(path, unit, description)
        guard !bucketEdges.isEmpty, zip(bucketEdges, bucketEdges.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw StatisticsError.invalidBuckets(path: path)
        }
        let stat = Histogram(info: meta, bucketEdges: bucketEdges)
        byPath[path] = .histogram(stat)
        return stat
    }

    /// The statistic registered at `path`, if any.
    public func statistic(at path: String) -> Statistic? { byPath[path] }

    /// All statistics sorted by path.
    public var all: [Statistic] { byPath.keys.sorted().map { byPath[$0]! } }

    private func info(_ path: String, _ unit: String, _ description: String) throws -> StatisticInfo {
        try StatisticInfo.validate(path: path)
        guard byPath[path] == nil else { throw StatisticsError.duplicatePath(path) }
        guard !unit.isEmpty else { throw StatisticsError.missingUnit(path: path) }
        return StatisticInfo(path: path, unit: unit, description: description)
    }
}

/// One registered statistic.
public enum Statistic {
    case counter(Counter)
    case accumulator(Accumulator)
    case histogram(Histogram)

    public var info: StatisticInfo {
        switch self {
        case .counter(let s): s.info
        case .accumulator(let s): s.info
        case .histogram(let s): s.info
        }
    }
}

/// Where a statistic lives and what it means.
public struct StatisticInfo: Hashable, Sendable {
    /// Dotted path, e.g. "stack0.pc3.commands.act".
    public let path: String
    /// Unit symbol, e.g. "count", "ps", "B", "pJ".
    public let unit: String
    /// A sentence saying what is measured.
    public let description: String

    static func validate(path: String) throws {
        // Byte-wise (ASCII letters, digits, '_', '-', non-empty parts between dots): registering
        // thousands of per-resource statistics must stay cheap.
        var ok = !path.isEmpty
        var partLength = 0
        for byte in path.utf8 where ok {
            switch byte {
            case UInt8(ascii: "."):
                ok = partLength > 0
                partLength = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                partLength += 1
            default:
                ok = false
            }
        }
        if !ok || partLength == 0 { throw StatisticsError.invalidPath(path) }
    }
}

/// Why a statistic could not be registered.
public enum StatisticsError: Error, Equatable, CustomStringConvertible {
    case duplicatePath(String)
    case invalidPath(String)
    case missingUnit(path: String)
    case invalidBuckets(path: String)

    public var description: String {
        switch self {
        case .duplicatePath(let p): "statistic \"\(p)\" is already registered"
        case .invalidPath(let p): "statistic path \"\(p)\" is not a dotted name of letters, digits, '_' and '-'"
        case .missingUnit(let p): "statistic \"\(p)\" needs a unit"
        case .invalidBuckets(let p): "histogram \"\(p)\" needs non-empty, strictly ascending bucket edges"
        }
    }
}
