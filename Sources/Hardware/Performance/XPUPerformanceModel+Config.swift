import Foundation
import Units

extension XPUPerformanceModel {
    /// The model of a system config's xPU. Its datasheet facts (peak FLOPS, HBM bandwidth, SM
    /// count) come from the config; its efficiencies from the calibration of `calibratedAs`
    /// (default: the xPU's own name), transferred as fractions of peak:
    ///
    /// - GEMM/GEMV and STREAM bandwidths scale with config bandwidth / calibrated GPU's bandwidth;
    /// - FlashAttention asymptotes scale with config bf16 peak / calibrated GPU's bf16 peak;
    /// - t0, the per-SM compute efficiency, stream ratios, s0 and the NVLink fraction carry over.
    ///
    /// For a preset whose xPU is the calibrated GPU (h100, duplex, bank-pim, bankgroup-pim, a100)
    /// every factor is 1 and the model equals `XPUPerformanceModel(gpu:...)`. A what-if xPU (say
    /// 2x bandwidth) or an uncalibrated one (h200 as "H100-SXM") is an extrapolation: the STREAM data
    /// show that H200 reaches a smaller fraction of its peak than H100 does (docs/validation.md).
    public init(xpu: XPUConfig, calibratedAs base: String? = nil, specs: GPUSpecTable,
                efficiency: XPUEfficiencyTable) throws(CalibrationError) {
        let calibrated = try XPUPerformanceModel(gpu: base ?? xpu.name, specs: specs, efficiency: efficiency)
        let old = calibrated.spec
        let spec = GPUSpec(name: xpu.name, peakBF16: xpu.peakFLOPS[.bf16], peakFP16: xpu.peakFLOPS[.fp16],
                           hbmBandwidth: xpu.peakHBMBandwidth.value, smCount: xpu.smCount.value,
                           nvlinkBidirectional: old.nvlinkBidirectional, gemmTiles: old.gemmTiles,
                           source: "system config xpu \(xpu.name); efficiencies of \(old.name) (\(old.source))")
        let bandwidthScale = spec.hbmBandwidth.bytesPerSecond / old.hbmBandwidth.bytesPerSecond
        let computeScale = spec.peakBF16.flopsPerSecond / old.peakBF16.flopsPerSecond
        let gemm = calibrated.gemm
        let scaledGEMM = GEMMModel(spec: spec, overheadSeconds: gemm.overheadSeconds,
                                   bandwidth: gemm.bandwidth * bandwidthScale, computeEfficiency: gemm.computeEfficiency)
        let scaledStream = calibrated.stream.map {
            StreamModel(spec: spec, triadBandwidth: $0.triadBandwidth * bandwidthScale, ratios: $0.ratios,
                        bandwidthPerAccessPerSM: $0.bandwidthPerAccessPerSM)
        }
        var curves: [FlashAttentionVariant: FlashAttentionCurve] = [:]
        for (variant, curve) in calibrated.flashAttention {
            curves[variant] = FlashAttentionCurve(peak: curve.peak * computeScale, halfSequence: curve.halfSequence)
        }
        self.init(spec: spec, gemm: scaledGEMM, stream: scaledStream, flashAttention: curves,
                  nvlinkEfficiency: calibrated.nvlinkEfficiency)
    }

    /// The model of `xpu` with the calibration files in `directory` (Workloads/calibration).
    public static func load(xpu: XPUConfig, calibratedAs base: String? = nil,
                            calibrationDirectory directory: URL) throws(CalibrationError) -> XPUPerformanceModel {
        let specs: GPUSpecTable
        let efficiency: XPUEfficiencyTable
        do {
            specs = try GPUSpecTable(CSVTable.load(directory.appendingPathComponent("gpus.csv")))
            efficiency = try XPUEfficiencyTable.load(directory.appendingPathComponent("xpu-efficiency.csv"))
        } catch {
            throw .data(error)
        }
        return try XPUPerformanceModel(xpu: xpu, calibratedAs: base, specs: specs, efficiency: efficiency)
    }
}
