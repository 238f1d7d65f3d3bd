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
///
/// Storage (no reference-counted value per entry, so a lookup retains nothing): every entry's key
/// words and timings lie in two flat arenas, the entry itself is a few integers, and an
/// open-addressing index maps a key's 64-bit hash to its entry (one entry per hash, as a
/// dictionary keyed by the hash: a different key with an equal hash replaces it). Lookups are
/// one probe sequence plus a comparison of the key words (`memcmp`).
final class SegmentMemo {
    /// What replaying one segment produced, as stored: its timings are
    /// `timings[timingStart ..< timingStart + timingCount]` (per operator of the segment, relative
    /// to its start), its key `words[keyStart ..< keyStart + keyCount]`.
    struct Entry {
        var hash: UInt64
        var keyStart: Int
        var keyCount: Int
        var timingStart: Int
        var timingCount: Int
        /// From the segment's start to its last operator's end.
        var duration: SimTime
        /// Kernel events and bookings the simulation made.
        var events: Int64
        var bookings: Int64
        /// Hit since the last eviction.
        var hit: Bool
    }

    private var entries: [Entry] = []
    private var words: [Int] = []
    private var timings: [TimedOperator] = []
    /// Open addressing (linear probing): entry index + 1 per slot, 0 for an empty slot; the
    /// capacity is a power of two, at least twice the entries.
    private var index: [Int32] = Array(repeating: 0, count: 64)
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

    /// The slot of `hash` in the index: the one holding it, or the empty one where it would go.
    @inline(__always)
    private func probe(_ hash: UInt64) -> Int {
        let mask = index.count - 1
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        return index.withUnsafeBufferPointer { index in
            entries.withUnsafeBufferPointer { entries in
                while true {
                    let e = Int(index[slot])
                    if e == 0 || entries[e - 1].hash == hash { return slot }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The entry stored under a key equal to `key` (its index, for `entry(_:)` and
    /// `copyTimings(of:)`), or nil.
    func lookup(_ key: SegmentKeyBuilder) -> Int? {
        lookups += 1
        let e = Int(index[probe(key.hash)]) - 1
        guard e >= 0 else { return nil }
        let found = entries[e]
        let equal = words.withUnsafeBufferPointer { words in
            key.hasWords(UnsafeBufferPointer(rebasing: words[found.keyStart ..< found.keyStart + found.keyCount]))
        }
        guard equal else { return nil }
        hits += 1
        if !found.hit { entries[e].hit = true }
        return e
    }

    /// The stored entry `e` (from `lookup`).
    @inline(__always)
    func entry(_ e: Int) -> Entry { entries[e] }

    /// Calls `body` with entry `e`'s timings (per operator of its segment, relative to its start).
    @inline(__always)
    func withTimings<R>(of e: Int, _ body: (UnsafeBufferPointer<TimedOperator>) -> R) -> R {
        let entry = entries[e]
        return timings.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[entry.timingStart ..< entry.timingStart + entry.timingCount])) }
    }

    /// Stores the timings of the segment `key` (replacing a different key with the same hash).
    func store(_ key: SegmentKeyBuilder, timings segment: [TimedOperator], duration: SimTime, events: Int64, bookings: Int64) {
        let size = key.count + 8 * segment.count
        if storedWords + size > budget { evict() }
        var slot = probe(key.hash)
        if index[slot] != 0 {
            // The same hash: replaced in place (its arena space is reclaimed at the next eviction).
            let old = entries[Int(index[slot]) - 1]
            storedWords -= old.keyCount + 8 * old.timingCount
        } else {
            if 2 * (entries.count + 1) > index.count {
                rebuildIndex(capacity: index.count * 2)
                slot = probe(key.hash)
            }
            entries.append(Entry(hash: key.hash, keyStart: 0, keyCount: 0, timingStart: 0, timingCount: 0,
                                 duration: .zero, events: 0, bookings: 0, hit: false))
            index[slot] = Int32(entries.count)
        }
        let e = Int(index[slot]) - 1
        entries[e] = Entry(hash: key.hash, keyStart: words.count, keyCount: key.count, timingStart: timings.count,
                           timingCount: segment.count, duration: duration, events: events, bookings: bookings, hit: false)
        key.appendWords(to: &words)
        timings.append(contentsOf: segment)
        storedWords += size
    }

    /// A fresh index of `capacity` slots (a power of two) over the entries.
    private func rebuildIndex(capacity: Int) {
        index = Array(repeating: 0, count: capacity)
        for e in entries.indices {
            let slot = probe(entries[e].hash)
            index[slot] = Int32(e + 1)
        }
    }

    /// Drops the entries not hit since the last eviction and clears the survivors' marks; empties
    /// the table when the survivors hold more than half the budget. The arenas are compacted in
    /// place (survivors moved down in arena order), so no second copy of them is ever held.
    private func evict() {
        var survivors = entries.filter { $0.hit }
        entries.removeAll(keepingCapacity: true)
        storedWords = 0
        for entry in survivors { storedWords += entry.keyCount + 8 * entry.timingCount }
        if storedWords > budget / 2 {
            storedWords = 0
            words.removeAll(keepingCapacity: true)
            timings.removeAll(keepingCapacity: true)
        } else {
            // Keys and timings were appended together, so both arenas are in the same order.
            survivors.sort { $0.keyStart < $1.keyStart }
            var keyEnd = 0, timingEnd = 0
            words.withUnsafeMutableBufferPointer { words in
                timings.withUnsafeMutableBufferPointer { timings in
                    for k in survivors.indices {
                        let entry = survivors[k]
                        for w in 0..<entry.keyCount { words[keyEnd + w] = words[entry.keyStart + w] }
                        for t in 0..<entry.timingCount { timings[timingEnd + t] = timings[entry.timingStart + t] }
                        survivors[k].keyStart = keyEnd
                        survivors[k].timingStart = timingEnd
                        survivors[k].hit = false
                        keyEnd += entry.keyCount
                        timingEnd += entry.timingCount
                    }
                }
            }
            words.removeSubrange(keyEnd...)
            timings.removeSubrange(timingEnd...)
            entries.append(contentsOf: survivors)
        }
        var capacity = 64
        while capacity < 2 * entries.count { capacity *= 2 }
        rebuildIndex(capacity: capacity)
        evictions += 1
    }

    /// Lookups, hits and entries so far.
    var statistics: CacheStatistics {
        CacheStatistics(name: "replay segments", hits: hits, misses: lookups - hits, entries: entries.count)
    }
}
