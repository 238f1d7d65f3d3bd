/// Lookups of a memoisation cache: how often a value was reused rather than computed.
public struct CacheStatistics: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var hits: Int
    public var misses: Int
    /// Distinct keys held.
    public var entries: Int

    public init(name: String, hits: Int, misses: Int, entries: Int) {
        self.name = name
        self.hits = hits
        self.misses = misses
        self.entries = entries
    }

    public var lookups: Int { hits + misses }
    /// Hits over lookups (0 when there were none).
    public var hitRate: Double { lookups == 0 ? 0 : Double(hits) / Double(lookups) }

    public var description: String {
        "\(name): \(lookups) lookups, \(hits) hits (\(String(format: "%.1f", hitRate * 100))%), \(entries) entries"
    }
}
