import SimKernel
import Units

/// The kernel costs of one system, memoised by operator shape: the calibrated xPU time and the
/// memory-side processor's tile plan of each (shape, dtype). Both are pure functions of the
/// shape and the system, so sharing them never changes a result.
///
/// Every `DeviceSystemModel` owns one, so every replay on that model — the stages of one serving
/// run, or all sweep points that share a system (the sweep memoises device models by system) —
/// times the same operator shape on the same unit once. Thread-safe (`MemoCache`).
public final class KernelCostCache: Sendable {
    let xpuTimes = MemoCache<ShapeKey, SimTime>(name: "kernel costs (xPU)")
    let tilePlans = MemoCache<ShapeKey, MemoryProcessorTilePlan>(name: "kernel costs (memory-side tile plans)")

    public init() {}

    /// Lookups, hits and entries of both tables.
    public var statistics: [CacheStatistics] { [xpuTimes.statistics, tilePlans.statistics] }

    /// The statistics of several caches added table by table (e.g. over a sweep's systems).
    public static func combined(_ caches: [KernelCostCache]) -> [CacheStatistics] {
        var totals = [CacheStatistics(name: "kernel costs (xPU)", hits: 0, misses: 0, entries: 0),
                      CacheStatistics(name: "kernel costs (memory-side tile plans)", hits: 0, misses: 0, entries: 0)]
        for cache in caches {
            for (i, s) in cache.statistics.enumerated() {
                totals[i].hits += s.hits
                totals[i].misses += s.misses
                totals[i].entries += s.entries
            }
        }
        return totals
    }
}
