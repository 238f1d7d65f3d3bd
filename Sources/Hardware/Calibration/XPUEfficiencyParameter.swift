/// One fitted parameter of the xPU performance model (a row of xpu-efficiency.csv).
public struct XPUEfficiencyParameter: Sendable, Equatable {
    /// The parameters the model knows.
    public enum Name: String, CaseIterable, Sendable, Comparable {
        /// Fixed per-kernel time (launch, prologue, tail), us: the GEMV floor.
        case kernelOverhead = "kernel_overhead"
        /// Effective HBM bandwidth of GEMM/GEMV weight streaming, GB/s.
        case gemmBandwidth = "gemm_bandwidth"
        /// Fraction of the per-SM tensor peak a GEMM tile sustains (dimensionless).
        case gemmComputeEfficiency = "gemm_compute_efficiency"
        /// Achieved STREAM triad bandwidth at full occupancy, GB/s.
        case streamTriadBandwidth = "stream_triad_bandwidth"
        /// STREAM bandwidth of a kind relative to triad (variant = the kind), dimensionless.
        case streamRatio = "stream_ratio"
        /// Little's-law bandwidth of one load stream of one SM at full occupancy, GB/s.
        case streamBandwidthPerAccessPerSM = "stream_bandwidth_per_access_per_sm"
        /// FlashAttention asymptotic throughput (variant = implementation/pass/mask), TFLOPS.
        case flashPeak = "flash_peak"
        /// FlashAttention half-saturation sequence length (variant as above), tokens.
        case flashHalfSequence = "flash_half_sequence"
        /// Achieved / nominal NVLink bandwidth (dimensionless).
        case nvlinkEfficiency = "nvlink_efficiency"

        /// The unit written in the `unit` column.
        public var unit: String {
            switch self {
            case .kernelOverhead: "us"
            case .gemmBandwidth, .streamTriadBandwidth, .streamBandwidthPerAccessPerSM: "GB/s"
            case .gemmComputeEfficiency, .streamRatio, .nvlinkEfficiency: "1"
            case .flashPeak: "TFLOPS"
            case .flashHalfSequence: "tokens"
            }
        }

        public static func < (lhs: Name, rhs: Name) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The GPU (a name in gpus.csv), or "all" for parameters shared by every GPU.
    public let gpu: String
    public let name: Name
    /// Qualifier: a stream kind, or a FlashAttention variant; empty otherwise.
    public let variant: String
    /// The value in `name.unit`.
    public let value: Double
    /// Measurement ids the value was fitted on.
    public let fittedOn: [String]
    /// How it was obtained.
    public let source: String

    public init(gpu: String, name: Name, variant: String = "", value: Double, fittedOn: [String], source: String) {
        precondition(value.isFinite, "parameter \(name.rawValue) of \(gpu) is not finite")
        self.gpu = gpu
        self.name = name
        self.variant = variant
        self.value = value
        self.fittedOn = fittedOn
        self.source = source
    }
}
