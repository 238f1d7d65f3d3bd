import Foundation

/// A thread-safe memo table shared by the points of a sweep: the kernel-cost cache (the same
/// operator shape on the same unit is timed once) and any other pure function of a hashable key.
///
/// Values must be pure functions of their key, so sharing them never changes a result, only
/// the time to get it. `compute` runs outside the lock: two threads missing the same key at
/// once both compute it (both count as misses) and the first result is kept; everything else is
/// a hit. Lookups are O(1) expected plus one lock round trip.
///
/// A class because the table has identity (every point shares it); `@unchecked Sendable` because
/// all mutable state is guarded by `lock`.
public final class MemoCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    public let name: String
    private let lock = NSLock()
    private var table: [Key: Value] = [:]
    private var hits = 0
    private var misses = 0

    public init(name: String) {
        self.name = name
    }

    /// The cached value of `key`, computing and storing it on a miss.
    public func value<Failure: Error>(for key: Key, compute: () throws(Failure) -> Value) throws(Failure) -> Value {
        lock.lock()
        if let found = table[key] {
            hits += 1
            lock.unlock()
            return found
        }
        misses += 1
        lock.unlock()
        let computed = try compute()
        lock.lock()
        defer { lock.unlock() }
        if let raced = table[key] { return raced }
        table[key] = computed
        return computed
    }

    public var statistics: CacheStatistics {
        lock.lock()
        defer { lock.unlock() }
        return CacheStatistics(name: name, hits: hits, misses: misses, entries: table.count)
    }
}
