import Foundation
import Units

/// The calibrated performance model of one GPU-class xPU: GEMM, memory streams, attention and
/// NVLink, each a roofline with efficiency parameters read from data
/// (Workloads/calibration/xpu-efficiency.csv, fitted by `duplexsim calibrate`).
///
/// Every time is rounded up to a picosecond and is never below the physics floor
/// max(bytes / peak HBM bandwidth, FLOPs / peak FLOPS) of the GPU's datasheet (gpus.csv).
public struct XPUPerformanceModel: Sendable, Equatable {
    public let spec: GPUSpec
    /// GEMM/GEMV and memory-bound kernels (always present on a model made by the public init).
    let gemmModel: GEMMModel?
    /// STREAM kinds; nil when the GPU has no STREAM calibration.
    public let stream: StreamModel?
    /// FlashAttention prefill curves by variant.
    public let flashAttention: [FlashAttentionVariant: FlashAttentionCurve]
    /// Achieved / nominal NVLink bandwidth; nil when not calibrated.
    public let nvlinkEfficiency: Double?

    /// The model of `gpu` from its spec and fitted parameters. Throws when the GPU is unknown or
    /// has no fitted GEMM parameters (kernel_overhead, gemm_bandwidth, gemm_compute_efficiency).
    public init(gpu: String, specs: GPUSpecTable, efficiency: XPUEfficiencyTable) throws(CalibrationError) {
        try self.init(gpu: gpu, specs: specs, efficiency: efficiency, requireGEMM: true)
        precondition(gemmModel != nil)
    }

    /// As above; the calibrator also builds partial models of GPUs measured only by STREAM.
    init(gpu: String, specs: GPUSpecTable, efficiency: XPUEfficiencyTable, requireGEMM: Bool) throws(CalibrationError) {
        let spec = try specs.spec(gpu)
        self.spec = spec
        let hasGEMM = efficiency.value(.kernelOverhead, gpu: gpu) != nil
        if hasGEMM || requireGEMM {
            let overhead = try efficiency.require(.kernelOverhead, gpu: gpu)
            let bandwidth = try efficiency.require(.gemmBandwidth, gpu: gpu)
            let eta = try efficiency.require(.gemmComputeEfficiency, gpu: gpu)
            gemmModel = GEMMModel(spec: spec, overheadSeconds: overhead * 1e-6, bandwidth: .gbps(bandwidth), computeEfficiency: eta)
        } else {
            gemmModel = nil
        }
        if let triad = efficiency.value(.streamTriadBandwidth, gpu: gpu) {
            var ratios: [StreamKind: Double] = [:]
            for kind in StreamKind.allCases where kind != .triad {
                ratios[kind] = efficiency.value(.streamRatio, gpu: gpu, variant: kind.rawValue)
            }
            stream = StreamModel(spec: spec, triadBandwidth: .gbps(triad), ratios: ratios,
                                 bandwidthPerAccessPerSM: efficiency.value(.streamBandwidthPerAccessPerSM, gpu: gpu).map { .gbps($0) })
        } else {
            stream = nil
        }
        var curves: [FlashAttentionVariant: FlashAttentionCurve] = [:]
        for variant in efficiency.flashVariants(gpu: gpu) {
            let peak = try efficiency.require(.flashPeak, gpu: gpu, variant: variant.description)
            let half = try efficiency.require(.flashHalfSequence, gpu: gpu, variant: variant.description)
            curves[variant] = FlashAttentionCurve(peak: .tflops(peak), halfSequence: half)
        }
        flashAttention = curves
        nvlinkEfficiency = efficiency.value(.nvlinkEfficiency, gpu: gpu)
    }

    /// A model from its parts (used by the config bridge, `XPUPerformanceModel+Config.swift`).
    init(spec: GPUSpec, gemm: GEMMModel?, stream: StreamModel?, flashAttention: [FlashAttentionVariant: FlashAttentionCurve],
         nvlinkEfficiency: Double?) {
        self.spec = spec
        self.gemmModel = gemm
        self.stream = stream
        self.flashAttention = flashAttention
        self.nvlinkEfficiency = nvlinkEfficiency
    }

    /// Loads gpus.csv and xpu-efficiency.csv from `directory` (Workloads/calibration).
    public static func load(gpu: String, calibrationDirectory directory: URL) throws(CalibrationError) -> XPUPerformanceModel {
        let specs: GPUSpecTable
        let efficiency: XPUEfficiencyTable
        do {
            specs = try GPUSpecTable(CSVTable.load(directory.appendingPathComponent("gpus.csv")))
            efficiency = try XPUEfficiencyTable.load(directory.appendingPathComponent("xpu-efficiency.csv"))
        } catch {
            throw .data(error)
        }
        return try XPUPerformanceModel(gpu: gpu, specs: specs, efficiency: efficiency)
    }

    /// The GEMM model (present on every model made by the public initialiser).
    public var gemm: GEMMModel {
        guard let gemmModel else { preconditionFailure("\(spec.name) has no GEMM calibration") }
        return gemmModel
    }

    // MARK: - Questions

    /// Time of C[m x n] = A[m x k] B[k x n].
    public func gemmTime(m: Int64, k: Int64, n: Int64, dtype: DataType) -> SimTime {
        gemm.time(m: m, k: k, n: n, dtype: dtype)
    }

    /// Time to stream `bytes` through the xPU (read once, e.g. weights or KV cache): the GEMV
    /// floor plus bytes at the GEMV-fitted effective bandwidth.
    public func memoryStreamTime(bytes: ByteCount, dtype: DataType = .fp16) -> SimTime {
        gemm.streamingKernelTime(bytes: bytes, flops: .zero, dtype: dtype)
    }

    /// Achieved bandwidth of a STREAM kernel (needs a STREAM calibration of this GPU).
    public func streamBandwidth(_ kind: StreamKind, occupancy: Double = 1) throws(CalibrationError) -> Bandwidth {
        guard let stream else {
            throw CalibrationError.missingParameter(gpu: spec.name, parameter: "stream_triad_bandwidth", calibrated: [])
        }
        return try stream.bandwidth(kind, occupancy: occupancy)
    }

    /// Time of a STREAM kernel moving `bytes` of counted traffic (no fixed overhead: large arrays).
    public func streamTime(bytes: ByteCount, kind: StreamKind, occupancy: Double = 1) throws(CalibrationError) -> SimTime {
        let bandwidth = try streamBandwidth(kind, occupancy: occupancy)
        return max(bandwidth.transferTime(bytes), spec.physicalFloor(bytes: bytes, flops: .zero, dtype: .fp16))
    }

    /// Time of a FlashAttention prefill with `implementation` ("FA2", "FA3") for `pass`: the
    /// FLOPs at the fitted curve's throughput for this sequence length.
    public func attentionPrefillTime(_ shape: AttentionPrefillShape, implementation: String,
                                     pass: AttentionPass = .forward) throws(CalibrationError) -> SimTime {
        let variant = FlashAttentionVariant(implementation: implementation, pass: pass, causal: shape.causal)
        guard let curve = flashAttention[variant] else {
            throw CalibrationError.missingParameter(gpu: spec.name, parameter: "FlashAttention curve \(variant)",
                                                    calibrated: flashAttention.keys.sorted().map(\.description))
        }
        let flops = shape.flops(pass)
        let modelled = curve.throughput(sequenceLength: shape.sequenceLength).computeTime(flops)
        return max(modelled, spec.physicalFloor(bytes: shape.bytes(pass), flops: flops, dtype: shape.dtype))
    }

    /// Time of one decode step of attention: memory-bound on the KV cache, modelled as a
    /// streaming kernel at the GEMV-fitted bandwidth (not validated: no decode measurements yet).
    public func attentionDecodeTime(_ shape: AttentionDecodeShape) -> SimTime {
        gemm.streamingKernelTime(bytes: shape.bytes, flops: shape.flops, dtype: shape.dtype)
    }

    /// Achieved NVLink bandwidth, both directions together (nominal x fitted efficiency).
    public func nvlinkAchievedBandwidth() throws(CalibrationError) -> Bandwidth {
        guard let nvlinkEfficiency else {
            throw CalibrationError.missingParameter(gpu: spec.name, parameter: "nvlink_efficiency", calibrated: [])
        }
        return spec.nvlinkBidirectional * nvlinkEfficiency
    }
}
