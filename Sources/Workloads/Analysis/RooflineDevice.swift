import Units

/// Peak compute and memory bandwidth of a device, for Op/B ridge points only.
///
/// A deliberately small table: full system configurations (stacks, links, calibrated
/// efficiencies) arrive with the Hardware issue and will supersede it.
public struct RooflineDevice: Hashable, Sendable {
    public var name: String
    public var peak: FLOPRate
    public var bandwidth: Bandwidth
    public var source: String

    /// Op/B at which the device turns compute-bound.
    public var ridgePoint: Double { peak.ridgePoint(bandwidth) }

    /// HBM3 stacks per xPU device in the Duplex paper (5 x 16 GB).
    public static let stacksPerDevice = 5.0
    /// One HBM3 stack's external bandwidth: 1024 pins x 5.2 Gb/s = 665.6 GB/s.
    public static let hbm3StackBandwidth = Bandwidth.gbps(665.6)
    /// Logic-PIM per stack: 32 GEMM modules x 512 FP16 MACs x 2 FLOP x 650 MHz = 21.2992 TFLOPS.
    public static let logicPIMStackPeak = FLOPRate(flopsPerSecond: 32 * 512 * 2 * 650e6)
    /// Logic-PIM's internal bandwidth: 4x the TSVs of a plain stack.
    public static let logicPIMBandwidthFactor = 4.0
    /// Bank-PIM's internal bandwidth: 16x a plain stack; its peak Op/B is 1.
    public static let bankPIMBandwidthFactor = 16.0
    public static let bankPIMOpPerByte = 1.0

    /// The devices `duplexsim opb --device` accepts, in listing order.
    public static let catalog: [RooflineDevice] = [
        RooflineDevice(name: "h100", peak: .tflops(989.4), bandwidth: .gbps(3352),
                       source: "Duplex authors' LLMSimulator (scale-snu): H100 SXM FP16 dense 989.4 TFLOPS, 3.352 TB/s"),
        RooflineDevice(name: "a100", peak: .tflops(312), bandwidth: .gbps(2039),
                       source: "NVIDIA A100-SXM4-80GB datasheet: 312 TFLOPS BF16, 2.039 TB/s"),
        RooflineDevice(name: "h200", peak: .tflops(989.4), bandwidth: .gbps(4800),
                       source: "NVIDIA H200 datasheet: same compute as H100 SXM, 4.8 TB/s"),
        RooflineDevice(name: "logic-pim", peak: logicPIMStackPeak * stacksPerDevice,
                       bandwidth: hbm3StackBandwidth * (logicPIMBandwidthFactor * stacksPerDevice),
                       source: "Duplex paper: 5 stacks x (32 x 512 MACs at 650 MHz; 4 x 665.6 GB/s internal), ridge 8"),
        RooflineDevice(name: "bank-pim", peak: FLOPRate(flopsPerSecond: (hbm3StackBandwidth * (bankPIMBandwidthFactor * stacksPerDevice)).bytesPerSecond * bankPIMOpPerByte),
                       bandwidth: hbm3StackBandwidth * (bankPIMBandwidthFactor * stacksPerDevice),
                       source: "Duplex paper: 5 stacks x 16 x 665.6 GB/s internal, peak Op/B 1"),
        RooflineDevice(name: "bankgroup-pim", peak: logicPIMStackPeak * stacksPerDevice,
                       bandwidth: hbm3StackBandwidth * (logicPIMBandwidthFactor * stacksPerDevice),
                       source: "Duplex paper: same bandwidth and FLOPS as Logic-PIM, units on the DRAM dies"),
    ]

    /// The catalog entry named `name`.
    public static func named(_ name: String) throws(WorkloadInputError) -> RooflineDevice {
        guard let device = catalog.first(where: { $0.name == name }) else {
            throw WorkloadInputError(source: "--device", field: "", reason: "unknown device \"\(name)\"; known: \(catalog.map(\.name).joined(separator: ", "))")
        }
        return device
    }
}
