import Units

/// Datasheet facts of a measured GPU (Workloads/calibration/gpus.csv), the peaks its roofline
/// and physics bounds use.
public struct GPUSpec: Sendable, Equatable {
    /// The name used in the measurement table and in system configs' `xpu.name`.
    public let name: String
    public let peakBF16: FLOPRate
    public let peakFP16: FLOPRate
    public let hbmBandwidth: Bandwidth
    /// Streaming multiprocessors.
    public let smCount: Int
    /// Nominal NVLink bandwidth, both directions together.
    public let nvlinkBidirectional: Bandwidth
    /// Candidate CTA tiles of the GEMM library (the wave-quantisation model picks the fastest).
    public let gemmTiles: [GEMMTile]
    public let source: String

    public init(name: String, peakBF16: FLOPRate, peakFP16: FLOPRate, hbmBandwidth: Bandwidth, smCount: Int,
                nvlinkBidirectional: Bandwidth, gemmTiles: [GEMMTile], source: String) {
        precondition(smCount > 0 && !gemmTiles.isEmpty, "GPU \(name): needs SMs and GEMM tiles")
        precondition(peakBF16.flopsPerSecond > 0 && peakFP16.flopsPerSecond > 0 && hbmBandwidth.bytesPerSecond > 0,
                     "GPU \(name): peaks must be positive")
        self.name = name
        self.peakBF16 = peakBF16
        self.peakFP16 = peakFP16
        self.hbmBandwidth = hbmBandwidth
        self.smCount = smCount
        self.nvlinkBidirectional = nvlinkBidirectional
        self.gemmTiles = gemmTiles
        self.source = source
    }

    /// Dense peak for `dtype`.
    public func peak(_ dtype: DataType) -> FLOPRate {
        switch dtype {
        case .fp16: peakFP16
        case .bf16: peakBF16
        }
    }

    /// The least time physics allows: max(bytes / peak bandwidth, FLOPs / peak FLOPS), rounded up.
    public func physicalFloor(bytes: ByteCount, flops: FLOPCount, dtype: DataType) -> SimTime {
        max(bytes.bytes > 0 ? hbmBandwidth.transferTime(bytes) : .zero,
            flops.flops > 0 ? peak(dtype).computeTime(flops) : .zero)
    }
}
