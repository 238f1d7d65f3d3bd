import Units

/// Percentiles by the nearest-rank method: the p-th percentile of n sorted samples x(1) <= ... <=
/// x(n) is x(k) with k = ceil(p / 100 * n), clamped to 1...n. It is always one of the samples
/// (no interpolation), and p = 50 of an even count is the lower middle sample.
public enum Percentile {
    /// The nearest-rank `p`-th percentile (0 < p <= 100) of `sorted` (ascending); nil when empty.
    public static func nearestRank(_ p: Double, sorted: [SimTime]) -> SimTime? {
        precondition(p > 0 && p <= 100, "percentile must be in (0, 100], got \(p)")
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
