import Units

/// Percentiles and mean of one latency metric (nearest rank, `Percentile`).
public struct LatencySummary: Hashable, Sendable {
    public let count: Int
    public let mean: SimTime
    public let p50: SimTime
    public let p90: SimTime
    public let p99: SimTime
    public let max: SimTime

    /// Summarises `samples` (any order); all zero when empty.
    public init(_ samples: [SimTime]) {
        let sorted = samples.sorted()
        count = sorted.count
        let sum = sorted.reduce(Int64(0)) { $0 + $1.picoseconds }
        mean = sorted.isEmpty ? .zero : SimTime(picoseconds: sum / Int64(sorted.count))
        p50 = Percentile.nearestRank(50, sorted: sorted) ?? .zero
        p90 = Percentile.nearestRank(90, sorted: sorted) ?? .zero
        p99 = Percentile.nearestRank(99, sorted: sorted) ?? .zero
        max = sorted.last ?? .zero
    }
}
