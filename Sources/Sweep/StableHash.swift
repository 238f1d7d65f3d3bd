/// FNV-1a, 64-bit: a stable hash of bytes that is the same on every machine and run (unlike
/// Swift's randomly seeded `Hasher`). Point ids hash the canonical JSON of a resolved config.
/// Reference: Fowler, Noll, Vo, "FNV hash", IETF draft-eastlake-fnv (offset basis
/// 0xcbf29ce484222325, prime 0x100000001b3).
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    /// The hash of a string's UTF-8 bytes.
    public static func of(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(text.utf8)
        return hash.value
    }

    /// 16 lower-case hex digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// SplitMix64's output function (Steele, Lea, Flood 2014): a bijective mix of 64 bits, used to
    /// derive a point's seed from the sweep seed and the point id.
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
