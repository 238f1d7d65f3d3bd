/// One resolved point of a sweep.
public struct SweepPoint<Config: Sendable>: Sendable {
    /// Position in the whole sweep (0-based; the first axis changes slowest).
    public var index: Int
    /// Stable id: 16 hex digits of FNV-1a-64 over the canonical JSON of `{"config": ..., "kind": ...}`.
    public var id: String
    /// The point's seed: SplitMix64's mix of (sweep seed XOR the id's 64 bits).
    public var seed: UInt64
    /// The axis cells, in column order.
    public var axisCells: [String]
    /// The resolved, normalised document.
    public var document: JSONValue
    public var config: Config
}
