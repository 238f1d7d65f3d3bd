/// A processing unit as the operator-level roofline sees it: peak FLOP rate, the memory bandwidth
/// it reads at, and (for the xPU) the per-direction bandwidth of its inter-device link.
/// Hashable by value, so a kernel-cost cache keyed by it shares costs between design points whose
/// units are equal, and separates them when a swept field (clock, TSV multiplier) changes them.
public struct RooflineUnit: Hashable, Sendable {
    public var name: String
    public var flopsPerSecond: Double
    public var bytesPerSecond: Double
    public var linkBytesPerSecond: Double

    public init(name: String, flopsPerSecond: Double, bytesPerSecond: Double, linkBytesPerSecond: Double) {
        precondition(flopsPerSecond > 0 && bytesPerSecond > 0 && linkBytesPerSecond > 0, "rates must be positive")
        self.name = name
        self.flopsPerSecond = flopsPerSecond
        self.bytesPerSecond = bytesPerSecond
        self.linkBytesPerSecond = linkBytesPerSecond
    }

    /// Roofline time in seconds of one shard: max(FLOPs / peak, memory bytes / bandwidth,
    /// network bytes / link bandwidth). No overlap with other operators, no efficiency factor.
    public func seconds(flops: Int64, bytes: Int64, networkBytes: Int64) -> Double {
        max(Double(flops) / flopsPerSecond, Double(bytes) / bytesPerSecond, Double(networkBytes) / linkBytesPerSecond)
    }
}
