import Units

/// The GPU-class processor of a device and its HBM.
public struct XPUConfig: Codable, Sendable, Equatable {
    /// The processor's name; the performance model looks up its calibration by this name
    /// (a `gpu` in Workloads/calibration/gpus.csv, e.g. "H100-SXM").
    public var name: String
    /// Dense peak FLOP rate per operand type.
    public var peakFLOPS: PeakFLOPS
    /// Streaming multiprocessors (the unit of wave quantisation).
    public var smCount: Sourced<Int>
    /// On-chip SRAM (L2 + shared memory) available to kernels.
    public var onChipSRAM: Sourced<ByteCount>
    /// HBM stacks on the package.
    public var hbmStacks: Sourced<Int>
    /// The DRAM timing/organisation preset name (resolved by the DRAM module), e.g. "hbm3-5.2".
    public var hbmPreset: Sourced<String>
    /// Capacity of one stack.
    public var capacityPerStack: Sourced<ByteCount>
    /// Peak HBM bandwidth of the whole device (all stacks).
    public var peakHBMBandwidth: Sourced<Bandwidth>

    static let keys = ["name", "peakFLOPS", "smCount", "onChipSRAM", "hbmStacks", "hbmPreset",
                       "capacityPerStack", "peakHBMBandwidth"]

    public init(name: String, peakFLOPS: PeakFLOPS, smCount: Sourced<Int>, onChipSRAM: Sourced<ByteCount>,
                hbmStacks: Sourced<Int>, hbmPreset: Sourced<String>, capacityPerStack: Sourced<ByteCount>,
                peakHBMBandwidth: Sourced<Bandwidth>) {
        self.name = name
        self.peakFLOPS = peakFLOPS
        self.smCount = smCount
        self.onChipSRAM = onChipSRAM
        self.hbmStacks = hbmStacks
        self.hbmPreset = hbmPreset
        self.capacityPerStack = capacityPerStack
        self.peakHBMBandwidth = peakHBMBandwidth
    }

    public init(from decoder: Decoder) throws {
        var o = try StrictObject(decoder, allowed: XPUConfig.keys)
        let name = o.required("name", String.self)
        let peak = o.required("peakFLOPS", PeakFLOPS.self)
        let sms = o.required("smCount", Sourced<Int>.self)
        let sram = o.required("onChipSRAM", Sourced<ByteCount>.self)
        let stacks = o.required("hbmStacks", Sourced<Int>.self)
        let preset = o.required("hbmPreset", Sourced<String>.self)
        let capacity = o.required("capacityPerStack", Sourced<ByteCount>.self)
        let bandwidth = o.required("peakHBMBandwidth", Sourced<Bandwidth>.self)
        try o.finish()
        self.init(name: name!, peakFLOPS: peak!, smCount: sms!, onChipSRAM: sram!, hbmStacks: stacks!,
                  hbmPreset: preset!, capacityPerStack: capacity!, peakHBMBandwidth: bandwidth!)
    }

    /// Total HBM capacity: stacks x capacity per stack.
    public var hbmCapacity: ByteCount { capacityPerStack.value * Int64(hbmStacks.value) }

    /// Roofline ridge point (Op/B) for `dtype`: peak FLOP rate / peak HBM bandwidth.
    public func ridgePoint(_ dtype: DataType) -> Double { peakFLOPS[dtype].ridgePoint(peakHBMBandwidth.value) }
}
