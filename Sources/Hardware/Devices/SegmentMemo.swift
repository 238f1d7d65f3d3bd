import SimKernel
import Units

/// Timings of replayed segments by content (`SegmentKeyBuilder`), relative to the segment's
/// start, for `ReplayRun.runSegments`. One table per replay, or per `ReplaySession` (one
/// system); single-threaded.
///
/// Bounded: once the stored keys and timings exceed `budget` words, the entries not hit since
/// the previous eviction are dropped (the table is emptied when the survivors still fill more
/// than half the budget). A serving run's decode stages store a new attention block every stage
/// (its contexts never recur) while their expert blocks repeat: this keeps the repeating
/// entries. A later miss simulates again; results never depend on what the table holds.
/// Lookups are one dictionary probe by hash plus a comparison of the key lists.
final class SegmentMemo {
    /// What replaying one segment produced.
    struct Entry {
        /// Per operator of the segment, relative to its start.
        var timings: [TimedOperator]
        /// From the segment's start to its last operator's end.
        var duration: SimTime
        /// Kernel events and bookings the simulation made.
        var events: Int64
        var bookings: Int64
    }

    private var table: [UInt64: (key: [Int], entry: Entry, hit: Bool)] = [:]
    private var storedWords = 0
    /// The default `budget`: 500 k words (~4 MB): across stages only the small segments repeat (a
    /// decode stage's attention block changes with the contexts), and a table that outgrows the
    /// caches slowed a serving run by ~30% (4 M words: 14.4 CPU-s against 10.1 for 4,096 stages,
    /// same hit rate).
    static let defaultBudget = 500_000
    /// The most words (key integers + 8 per timing) held before entries are evicted.
    let budget: Int
    private(set) var lookups = 0
    private(set) var hits = 0
    private(set) var evictions = 0

    init(budget: Int = SegmentMemo.defaultBudget) {
        self.budget = budget
    }

    /// The entry stored under a key equal to `key`, or nil.
    func lookup(_ key: SegmentKeyBuilder) -> Entry? {
        lookups += 1
        guard let index = table.index(forKey: key.hash) else { return nil }
        let found = table.values[index]
        guard key.hasWords(found.key) else { return nil }
        hits += 1
        if !found.hit { table.values[index].hit = true }
        return found.entry
    }

    /// Stores `entry` under `key` (replacing a different key with the same hash).
    func store(_ key: SegmentKeyBuilder, entry: Entry) {
        let words = key.count + 8 * entry.timings.count
        if storedWords + words > budget { evict() }
        // An exact-size copy: the builder's buffer is reused (and may have grown large).
        let copy = key.words
        if let old = table.updateValue((copy, entry, false), forKey: key.hash) {
            storedWords -= old.key.count + 8 * old.entry.timings.count
        }
        storedWords += words
    }

    /// Drops the entries not hit since the last eviction and clears the survivors' marks; empties
    /// the table when the survivors hold more than half the budget.
    private func evict() {
        table = table.filter { $0.value.hit }
        storedWords = 0
        for index in table.indices {
            table.values[index].hit = false
            storedWords += table.values[index].key.count + 8 * table.values[index].entry.timings.count
        }
        if storedWords > budget / 2 {
            table.removeAll()
            storedWords = 0
        }
        evictions += 1
    }

    /// Lookups, hits and entries so far.
    var statistics: CacheStatistics {
        CacheStatistics(name: "replay segments", hits: hits, misses: lookups - hits, entries: table.count)
    }
}
