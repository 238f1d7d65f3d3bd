/// A min-priority queue of events keyed by (time, order), purpose-built for the kernel.
///
/// A 4-ary implicit heap over a struct-of-arrays: 128-bit keys (time in the high 64 bits, the
/// caller's order word in the low 64) in one buffer whose groups of four siblings share one
/// 64-byte cache line, and 32-bit payloads in another. One comparison of two keys is a single
/// 128-bit integer comparison, and equal keys cannot occur when order words are unique, so the
/// pop order is fully determined by the keys: never by heap layout or insertion history.
///
/// The mutable state sits behind one unsafe pointer owned by this object, so the hot loops pay
/// no dynamic exclusivity checks (a class's `var` properties would cost one per access).
///
/// Complexity: push O(log4 n), popMin O(4 log4 n) comparisons, peek O(1).
/// Times must be non-negative (the kernel never schedules before t = 0).
public final class EventQueue {
    @usableFromInline
    struct Storage {
        /// Keys; index 0 is the root. The buffer starts 3 slots (48 B) into a 64-byte-aligned
        /// block, so the children of node i (4i+1 ... 4i+4) fill one aligned cache line.
        @usableFromInline var keys: UnsafeMutablePointer<UInt128>
        @usableFromInline var payloads: UnsafeMutablePointer<UInt32>
        @usableFromInline var rawKeys: UnsafeMutableRawPointer
        @usableFromInline var capacity: Int
        @usableFromInline var count: Int

        init(capacity: Int) {
            self.capacity = capacity
            count = 0
            rawKeys = UnsafeMutableRawPointer.allocate(byteCount: (capacity + 4) * 16, alignment: 64)
            keys = (rawKeys + 48).bindMemory(to: UInt128.self, capacity: capacity)
            payloads = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        }

        func deallocate() {
            rawKeys.deallocate()
            payloads.deallocate()
        }
    }

    @usableFromInline let storage: UnsafeMutablePointer<Storage>

    public init(initialCapacity: Int = 1024) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage(capacity: Swift.max(initialCapacity, 4)))
    }

    deinit {
        storage.pointee.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The number of queued events.
    @inlinable public var count: Int { storage.pointee.count }
    @inlinable public var isEmpty: Bool { storage.pointee.count == 0 }

    /// The packed key of (time, order).
    @inlinable @inline(__always)
    public static func key(time: Int64, order: UInt64) -> UInt128 {
        UInt128(UInt64(bitPattern: time)) << 64 | UInt128(order)
    }

    /// The time of the earliest event; nil when empty.
    @inlinable
    public var minimumTime: Int64? {
        let s = storage.pointee
        return s.count == 0 ? nil : Int64(bitPattern: UInt64(truncatingIfNeeded: s.keys[0] >> 64))
    }

    /// The payload of the earliest event; nil when empty.
    @inlinable
    public var minimumPayload: UInt32? {
        let s = storage.pointee
        return s.count == 0 ? nil : s.payloads[0]
    }

    /// Adds an event. `order` breaks ties between equal times (lower first).
    @inlinable
    public func push(time: Int64, order: UInt64, payload: UInt32) {
        precondition(time >= 0, "EventQueue: negative time \(time)")
        if storage.pointee.count == storage.pointee.capacity { grow() }
        let keys = storage.pointee.keys
        let payloads = storage.pointee.payloads
        let key = EventQueue.key(time: time, order: order)
        var hole = storage.pointee.count
        storage.pointee.count = hole &+ 1
        while hole > 0 {
            let parent = (hole &- 1) >> 2
            let parentKey = keys[parent]
            if parentKey <= key { break }
            keys[hole] = parentKey
            payloads[hole] = payloads[parent]
            hole = parent
        }
        keys[hole] = key
        payloads[hole] = payload
    }

    /// Removes and returns the earliest event. Precondition: not empty.
    @inlinable
    public func popMin() -> (time: Int64, order: UInt64, payload: UInt32) {
        let n = storage.pointee.count &- 1
        precondition(n >= 0, "EventQueue: pop from an empty queue")
        storage.pointee.count = n
        let keys = storage.pointee.keys
        let payloads = storage.pointee.payloads
        let top = keys[0]
        let topPayload = payloads[0]
        if n > 0 {
            let lastKey = keys[n]
            let lastPayload = payloads[n]
            var hole = 0
            while true {
                let first = 4 &* hole &+ 1
                if first >= n { break }
                var best = first
                var bestKey = keys[first]
                if first &+ 3 < n {
                    // All four children exist: a branch-light scan of one cache line.
                    let k1 = keys[first &+ 1], k2 = keys[first &+ 2], k3 = keys[first &+ 3]
                    if k1 < bestKey { best = first &+ 1; bestKey = k1 }
                    if k2 < bestKey { best = first &+ 2; bestKey = k2 }
                    if k3 < bestKey { best = first &+ 3; bestKey = k3 }
                } else {
                    var c = first &+ 1
                    while c < n {
                        let k = keys[c]
                        if k < bestKey { best = c; bestKey = k }
                        c &+= 1
                    }
                }
                if lastKey <= bestKey { break }
                keys[hole] = bestKey
                payloads[hole] = payloads[best]
                hole = best
            }
            keys[hole] = lastKey
            payloads[hole] = lastPayload
        }
        return (Int64(bitPattern: UInt64(truncatingIfNeeded: top >> 64)), UInt64(truncatingIfNeeded: top), topPayload)
    }

    /// Removes every event.
    public func removeAll() { storage.pointee.count = 0 }

    @usableFromInline
    func grow() {
        let old = storage.pointee
        var bigger = Storage(capacity: old.capacity * 2)
        bigger.keys.update(from: old.keys, count: old.count)
        bigger.payloads.update(from: old.payloads, count: old.count)
        bigger.count = old.count
        old.deallocate()
        storage.pointee = bigger
    }
}
