/// Counts of samples per bucket. Bucket i holds samples in [edges[i-1], edges[i]); bucket 0
/// holds samples below edges[0] and the last bucket samples at or above the last edge.
public final class Histogram {
    public let info: StatisticInfo
    public let bucketEdges: [Double]
    /// bucketEdges.count + 1 counts.
    public private(set) var counts: [Int64]
    public private(set) var total: Int64 = 0

    init(info: StatisticInfo, bucketEdges: [Double]) {
        self.info = info
        self.bucketEdges = bucketEdges
        self.counts = Array(repeating: 0, count: bucketEdges.count + 1)
    }

    public func record(_ sample: Double) {
        // Binary search for the first edge greater than the sample.
        var low = 0, high = bucketEdges.count
        while low < high {
            let mid = (low + high) / 2
            if bucketEdges[mid] <= sample { low = mid + 1 } else { high = mid }
        }
        counts[low] += 1
        total += 1
    }

    /// The bucket edge at or below which a fraction `q` of samples lie (an upper bound of the
    /// q-quantile, at bucket resolution); nil when empty or when it falls past the last edge.
    public func quantileUpperBound(_ q: Double) -> Double? {
        precondition((0...1).contains(q), "quantile must be in [0, 1]")
        guard total > 0 else { return nil }
        let target = Int64((q * Double(total)).rounded(.up))
        var seen: Int64 = 0
        for (i, c) in counts.enumerated() {
            seen += c
            if seen >= Swift.max(target, 1) { return i < bucketEdges.count ? bucketEdges[i] : nil }
        }
        return nil
    }
}
