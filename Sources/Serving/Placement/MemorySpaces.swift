/// A set of the 4 bank-bundle memory spaces of a device (reference: "Memory is divided into 4
/// spaces by bank-bundle index"). Each pseudo-channel has 4 bank bundles (2 ranks x 2); space i
/// is bundle i of every pseudo-channel of every stack, so a space has a quarter of the device's
/// capacity and its own bundles. Operators touching disjoint spaces never contend for a bundle;
/// the device model serialises those that share one.
///
/// Layout (reference): experts round-robin over the 4 spaces (expert e in space e mod 4); the
/// decode KV cache over spaces 0-2 (request r's in space r mod 3, so one request's attention
/// touches one space); prefill Q/K/V in space 3; dense weights interleaved over all.
public struct MemorySpaces: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) {
        precondition(rawValue & ~0b1111 == 0, "only 4 memory spaces exist")
        self.rawValue = rawValue
    }

    /// Bank bundles per pseudo-channel (2 ranks x 2 bundles), i.e. the number of spaces.
    public static let count = 4
    public static func space(_ index: Int) -> MemorySpaces {
        precondition((0..<count).contains(index), "memory space \(index) outside 0..<\(count)")
        return MemorySpaces(rawValue: 1 << UInt8(index))
    }
    public static let all = MemorySpaces(rawValue: 0b1111)
    /// Where the decode KV cache lives: spaces 0, 1, 2.
    public static let decodeKV = MemorySpaces(rawValue: 0b0111)
    /// The space of request `request`'s decode KV cache: round-robin over `decodeKV`.
    public static func decodeKV(request: Int) -> MemorySpaces { space(request % (count - 1)) }
    /// Where a prefill's Q, K and V live before the KV cache takes them: space 3.
    public static let prefillQKV = MemorySpaces(rawValue: 0b1000)
    /// The space of expert `expert`'s weights: round-robin.
    public static func expert(_ expert: Int) -> MemorySpaces { space(expert % count) }

    /// The space indices, ascending.
    public var indices: [Int] { (0..<MemorySpaces.count).filter { contains(.space($0)) } }

    /// "0-2", "3", "0-3" style text for reports ("0+2" for gaps).
    public var description: String { indices.map(String.init).joined(separator: "+") }
}
