import Foundation

/// A thread-safe memo table shared by the points of a sweep: the kernel-cost cache (the same
/// operator shape on the same unit is timed once) and any other pure function of a hashable key.
///
/// Values must be pure functions of their key, so sharing them never changes a result, only
/// the time to get it. `compute` runs outside the lock: two threads missing the same key at
/// once both compute it (both count as misses) and the first result is kept; everything else is
/// a hit. The table is split into 16 stripes by key hash, each with its own lock, so parallel
/// points rarely wait for each other. Lookups are O(1) expected plus one lock round trip.
///
/// A class because the table has identity (every point shares it); `@unchecked Sendable` because
/// each stripe's mutable state is guarded by that stripe's lock.
public final class MemoCache<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    public let name: String
    @usableFromInline let stripes: [Stripe]

    /// One lock-guarded part of the table.
    @usableFromInline final class Stripe {
        @usableFromInline let lock = NSLock()
        @usableFromInline var table: [Key: Value] = [:]
        @usableFromInline var hits = 0
        @usableFromInline var misses = 0

        @usableFromInline init() {}
    }

    public init(name: String, stripes: Int = 16) {
        precondition(stripes >= 1, "at least one stripe")
        self.name = name
        self.stripes = (0..<stripes).map { _ in Stripe() }
    }

    /// The cached value of `key`, computing and storing it on a miss. Inlinable, so that callers
    /// in other modules get it specialised for their key and value types (unspecialised, the
    /// dictionary lookup goes through generic metadata: thousands of instructions per hit).
    @inlinable
    public func value<Failure: Error>(for key: Key, compute: () throws(Failure) -> Value) throws(Failure) -> Value {
        // Only the stripe choice uses Swift's per-process hash seed; values never depend on it.
        let stripe = stripes[Int(UInt(bitPattern: key.hashValue) % UInt(stripes.count))]
        stripe.lock.lock()
        if let found = stripe.table[key] {
            stripe.hits += 1
            stripe.lock.unlock()
            return found
        }
        stripe.misses += 1
        stripe.lock.unlock()
        let computed = try compute()
        stripe.lock.lock()
        defer { stripe.lock.unlock() }
        if let raced = stripe.table[key] { return raced }
        stripe.table[key] = computed
        return computed
    }

    /// Every value held, in no particular order (for aggregating, never for output order).
    public var values: [Value] {
        var all: [Value] = []
        for stripe in stripes {
            stripe.lock.lock()
            all.append(contentsOf: stripe.table.values)
            stripe.lock.unlock()
        }
        return all
    }

    public var statistics: CacheStatistics {
        var total = CacheStatistics(name: name, hits: 0, misses: 0, entries: 0)
        for stripe in stripes {
            stripe.lock.lock()
            total.hits += stripe.hits
            total.misses += stripe.misses
            total.entries += stripe.table.count
            stripe.lock.unlock()
        }
        return total
    }
}
