/// An exact integer count.
///
/// The count lives behind a pointer owned by the instance (as the simulator's state does), so
/// hot paths that bump counters pay no dynamic exclusivity check (docs/architecture.md).
public final class Counter {
    public let info: StatisticInfo
    @usableFromInline let storage: UnsafeMutablePointer<Int64>

    init(info: StatisticInfo) {
        self.info = info
        storage = .allocate(capacity: 1)
        storage.initialize(to: 0)
    }

    deinit { storage.deallocate() }

    /// The count so far.
    @inlinable public var value: Int64 { storage.pointee }

    @inlinable public func increment() { add(1) }
    @inlinable public func add(_ amount: Int64) { storage.pointee += amount }
}
