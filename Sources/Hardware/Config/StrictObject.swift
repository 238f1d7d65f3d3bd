import Foundation

/// A JSON object read strictly: keys outside `allowed` are problems, missing required keys are
/// problems, and every field's own decoding problem is recorded with its key path. Call
/// `finish()` after reading all fields: it throws when anything in this object (or below) failed.
struct StrictObject {
    let container: KeyedDecodingContainer<AnyKey>
    let path: [CodingKey]
    let log: ProblemLog
    /// True when this object created the log (no enclosing strict decoder): it reports at finish.
    let ownsLog: Bool
    private(set) var failed = false

    init(_ decoder: Decoder, allowed: [String]) throws {
        if let shared = decoder.userInfo[.configProblems] as? ProblemLog {
            log = shared
            ownsLog = false
        } else {
            log = ProblemLog()
            ownsLog = true
        }
        path = decoder.codingPath
        do {
            container = try decoder.container(keyedBy: AnyKey.self)
        } catch {
            log.add(ConfigProblem(path: StrictObject.dotted(decoder.codingPath), reason: "expected an object with keys \(allowed.joined(separator: ", "))"))
            throw ownsLog ? StrictObject.decodingError(log, decoder.codingPath) : ProblemsRecorded()
        }
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        for key in unknown {
            log.add(ConfigProblem(path: StrictObject.dotted(path + [AnyKey(key)]),
                                  reason: "unknown key; allowed keys: \(allowed.joined(separator: ", "))"))
            failed = true
        }
    }

    /// Whether the object holds `key` (for fields whose presence depends on another field).
    func contains(_ key: String) -> Bool { container.contains(AnyKey(key)) }

    /// A required field; nil (with the problem recorded) when missing or malformed.
    mutating func required<T: Decodable>(_ key: String, _ type: T.Type = T.self) -> T? {
        guard container.contains(AnyKey(key)) else {
            log.add(ConfigProblem(path: StrictObject.dotted(path + [AnyKey(key)]), reason: "missing required field"))
            failed = true
            return nil
        }
        return decode(key, type)
    }

    /// An optional field: nil when absent; a present but malformed value is a problem.
    mutating func optional<T: Decodable>(_ key: String, _ type: T.Type = T.self) -> T? {
        guard container.contains(AnyKey(key)) else { return nil }
        return decode(key, type)
    }

    /// Records a problem found while interpreting a field this object read.
    mutating func reject(_ key: String, _ reason: String) {
        log.add(ConfigProblem(path: StrictObject.dotted(path + [AnyKey(key)]), reason: reason))
        failed = true
    }

    /// Throws when any field failed; otherwise the caller may force-unwrap the required fields.
    func finish() throws {
        guard failed else { return }
        throw ownsLog ? StrictObject.decodingError(log, path) : ProblemsRecorded()
    }

    private mutating func decode<T: Decodable>(_ key: String, _ type: T.Type) -> T? {
        let keyPath = path + [AnyKey(key)]
        do {
            return try container.decode(T.self, forKey: AnyKey(key))
        } catch is ProblemsRecorded {
            failed = true
        } catch let error as DecodingError {
            log.add(StrictObject.problem(from: error, fallback: keyPath))
            failed = true
        } catch {
            log.add(ConfigProblem(path: StrictObject.dotted(keyPath), reason: "\(error)"))
            failed = true
        }
        return nil
    }

    static func dotted(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    /// A `ConfigProblem` for a Foundation decoding error (type mismatch, bad unit text, ...).
    static func problem(from error: DecodingError, fallback: [CodingKey]) -> ConfigProblem {
        switch error {
        case .typeMismatch(let type, let context):
            return ConfigProblem(path: dotted(context.codingPath.isEmpty ? fallback : context.codingPath),
                                 reason: "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            return ConfigProblem(path: dotted(context.codingPath.isEmpty ? fallback : context.codingPath),
                                 reason: "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return ConfigProblem(path: dotted(context.codingPath + [key]), reason: "missing required field")
        case .dataCorrupted(let context):
            return ConfigProblem(path: dotted(context.codingPath.isEmpty ? fallback : context.codingPath),
                                 reason: context.debugDescription)
        @unknown default:
            return ConfigProblem(path: dotted(fallback), reason: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "a value of type \(type)"
        }
    }

    private static func decodingError(_ log: ProblemLog, _ path: [CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: path,
            debugDescription: log.problems.map(\.description).joined(separator: "; ")))
    }
}
