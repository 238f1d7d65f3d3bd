/// An exact integer count.
public final class Counter {
    public let info: StatisticInfo
    public private(set) var value: Int64 = 0

    init(info: StatisticInfo) { self.info = info }

    @inlinable public func increment() { add(1) }
    public func add(_ amount: Int64) { value += amount }
}
