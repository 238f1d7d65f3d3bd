/// Running sum, count, minimum and maximum of samples (e.g. request latencies in ns).
public final class Accumulator {
    public let info: StatisticInfo
    public private(set) var count: Int64 = 0
    public private(set) var sum: Double = 0
    public private(set) var minimum: Double = .infinity
    public private(set) var maximum: Double = -.infinity

    init(info: StatisticInfo) { self.info = info }

    public func record(_ sample: Double) {
        count += 1
        sum += sample
        if sample < minimum { minimum = sample }
        if sample > maximum { maximum = sample }
    }

    /// The mean sample, or nil before the first.
    public var mean: Double? { count == 0 ? nil : sum / Double(count) }
}
