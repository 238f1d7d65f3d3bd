import Foundation
import Units

/// Fits the xPU performance model's parameters on the `fit` rows of the measurements and
/// predicts every row (fit and test) with the fitted model. Deterministic: grid searches, no
/// random starts; parameters are rounded to 6 significant digits before they are used.
///
/// What is fitted on what (docs/validation.md):
/// - GEMM, per GPU: t0 and BW_eff through the memory-bound fit rows (Op/B below the ridge;
///   least squares of t = t0 + bytes / BW_eff), then eta by minimising the squared log error of
///   the full model over the compute-bound fit rows (grid of step 1e-4 in (0, 1]).
/// - STREAM: each GPU's triad fit row gives BW_triad; each other kind's ratio to triad is the
///   geometric mean over the GPUs where that kind is a fit row; a reduced-occupancy fit row gives
///   the Little's-law bandwidth per access stream per SM (shared by all GPUs).
/// - FlashAttention, per (GPU, implementation, pass, mask): the curve through its two fit rows.
/// - NVLink, per GPU: achieved / nominal.
public struct XPUCalibrator: Sendable {
    public let measurements: MeasurementTable
    public let specs: GPUSpecTable

    /// Grid step of the compute-efficiency search.
    static let efficiencyStep = 1e-4

    public init(measurements: MeasurementTable, specs: GPUSpecTable) {
        self.measurements = measurements
        self.specs = specs
    }

    /// Loads gpu-measurements.csv (or `data`) and gpus.csv from `directory`.
    public static func load(calibrationDirectory directory: URL, data: URL? = nil) throws(CalibrationError) -> XPUCalibrator {
        do {
            let measurements = try MeasurementTable.load(data ?? directory.appendingPathComponent("gpu-measurements.csv"))
            let specs = try GPUSpecTable(CSVTable.load(directory.appendingPathComponent("gpus.csv")))
            return XPUCalibrator(measurements: measurements, specs: specs)
        } catch {
            throw .data(error)
        }
    }

    private var fitRows: [Measurement] { measurements.rows.filter { $0.role == .fit } }

    /// GPU names that have rows of the given family, sorted.
    private func gpus(where include: (Measurement) -> Bool) -> [String] {
        Set(fitRows.filter(include).map(\.gpu)).sorted()
    }

    // MARK: - Fit

    /// The fitted parameter table.
    public func fit() throws(CalibrationError) -> XPUEfficiencyTable {
        var parameters: [XPUEfficiencyParameter] = []
        for gpu in gpus(where: { $0.family == "gemm" }) { parameters += try fitGEMM(gpu) }
        parameters += try fitStream()
        parameters += try fitFlashAttention()
        for gpu in gpus(where: { $0.family == "nvlink" }) {
            let spec = try specs.spec(gpu)
            let rows = fitRows.filter { $0.gpu == gpu && $0.family == "nvlink" }
            let efficiency = geometricMean(rows.map { $0.value * 1e9 / spec.nvlinkBidirectional.bytesPerSecond })
            parameters.append(XPUEfficiencyParameter(gpu: gpu, name: .nvlinkEfficiency, value: XPUEfficiencyTable.rounded(efficiency),
                fittedOn: rows.map(\.id), source: "fitted by duplexsim calibrate: achieved / nominal bidirectional NVLink bandwidth"))
        }
        return XPUEfficiencyTable(parameters: parameters)
    }

    private func fitGEMM(_ gpu: String) throws(CalibrationError) -> [XPUEfficiencyParameter] {
        let spec = try specs.spec(gpu)
        struct Point { let m: Int64, k: Int64, n: Int64, dtype: DataType, seconds: Double, id: String }
        var memoryBound: [Point] = []
        var computeBound: [Point] = []
        for row in fitRows where row.gpu == gpu {
            guard case .gemm(let m, let k, let n, let dtype) = row.kernel else { continue }
            let point = Point(m: m, k: k, n: n, dtype: dtype, seconds: row.value * 1e-3, id: row.id)
            let intensity = GEMMModel.flops(m: m, k: k, n: n).perByte(GEMMModel.bytes(m: m, k: k, n: n, dtype: dtype))
            if intensity < spec.peak(dtype).ridgePoint(spec.hbmBandwidth) { memoryBound.append(point) } else { computeBound.append(point) }
        }
        guard memoryBound.count >= 2, Set(memoryBound.map { GEMMModel.bytes(m: $0.m, k: $0.k, n: $0.n, dtype: $0.dtype) }).count >= 2 else {
            throw .fit("\(gpu): the GEMM fit needs two memory-bound fit rows of different sizes")
        }
        guard !computeBound.isEmpty else { throw .fit("\(gpu): the GEMM fit needs a compute-bound fit row") }
        // Least squares of t = t0 + bytes * (1 / BW).
        let xs = memoryBound.map { Double(GEMMModel.bytes(m: $0.m, k: $0.k, n: $0.n, dtype: $0.dtype).bytes) }
        let ys = memoryBound.map(\.seconds)
        let meanX = xs.reduce(0, +) / Double(xs.count)
        let meanY = ys.reduce(0, +) / Double(ys.count)
        var covariance = 0.0
        var variance = 0.0
        for (x, y) in zip(xs, ys) {
            covariance += (x - meanX) * (y - meanY)
            variance += (x - meanX) * (x - meanX)
        }
        let slope = covariance / variance
        let intercept = meanY - slope * meanX
        guard slope > 0, intercept >= 0 else {
            throw .fit("\(gpu): the memory-bound GEMM rows give BW = \(1 / slope) B/s, t0 = \(intercept) s (need both positive)")
        }
        let overheadMicroseconds = XPUEfficiencyTable.rounded(intercept * 1e6)
        let bandwidthGBps = XPUEfficiencyTable.rounded(1 / slope / 1e9)
        var best = (error: Double.infinity, eta: 0.0)
        let steps = Int((1 / XPUCalibrator.efficiencyStep).rounded())
        for step in 1...steps {
            let eta = Double(step) * XPUCalibrator.efficiencyStep
            let model = GEMMModel(spec: spec, overheadSeconds: overheadMicroseconds * 1e-6, bandwidth: .gbps(bandwidthGBps), computeEfficiency: eta)
            var error = 0.0
            for p in computeBound {
                let e = log(model.seconds(m: p.m, k: p.k, n: p.n, dtype: p.dtype) / p.seconds)
                error += e * e
            }
            if error < best.error { best = (error, eta) }
        }
        let memoryIds = memoryBound.map(\.id)
        let computeIds = computeBound.map(\.id)
        let line = "fitted by duplexsim calibrate: t = t0 + bytes/BW through the memory-bound fit rows (least squares)"
        return [
            XPUEfficiencyParameter(gpu: gpu, name: .kernelOverhead, value: overheadMicroseconds, fittedOn: memoryIds, source: line),
            XPUEfficiencyParameter(gpu: gpu, name: .gemmBandwidth, value: bandwidthGBps, fittedOn: memoryIds, source: line),
            XPUEfficiencyParameter(gpu: gpu, name: .gemmComputeEfficiency, value: XPUEfficiencyTable.rounded(best.eta), fittedOn: computeIds,
                source: "fitted by duplexsim calibrate: least squares in log time over the compute-bound fit rows (wave-quantised tiles, grid step 1e-4)"),
        ]
    }

    private func fitStream() throws(CalibrationError) -> [XPUEfficiencyParameter] {
        var parameters: [XPUEfficiencyParameter] = []
        var triads: [String: (value: Double, id: String)] = [:]
        for row in fitRows {
            guard case .stream(let kind, let occupancy) = row.kernel, kind == .triad, occupancy == 1 else { continue }
            guard triads[row.gpu] == nil else { throw .fit("\(row.gpu): two full-occupancy triad fit rows") }
            triads[row.gpu] = (row.value, row.id)
            parameters.append(XPUEfficiencyParameter(gpu: row.gpu, name: .streamTriadBandwidth, value: XPUEfficiencyTable.rounded(row.value),
                fittedOn: [row.id], source: "fitted by duplexsim calibrate: the GPU's measured full-occupancy triad"))
        }
        for kind in StreamKind.allCases where kind != .triad {
            var ratios: [Double] = []
            var ids: [String] = []
            for row in fitRows {
                guard case .stream(let k, let occupancy) = row.kernel, k == kind, occupancy == 1 else { continue }
                guard let triad = triads[row.gpu] else { throw .fit("\(row.gpu): a \(kind.rawValue) fit row needs the GPU's triad as a fit row") }
                ratios.append(row.value / triad.value)
                ids += [row.id, triad.id]
            }
            guard !ratios.isEmpty else { continue }
            parameters.append(XPUEfficiencyParameter(gpu: XPUEfficiencyTable.allGPUs, name: .streamRatio, variant: kind.rawValue,
                value: XPUEfficiencyTable.rounded(geometricMean(ratios)), fittedOn: ids,
                source: "fitted by duplexsim calibrate: geometric mean over GPUs of \(kind.rawValue) / triad at full occupancy"))
        }
        var perAccess: [(value: Double, id: String)] = []
        for row in fitRows {
            guard case .stream(let kind, let occupancy) = row.kernel, occupancy < 1, kind.loadsPerElement > 0 else { continue }
            let sms = Double(try specs.spec(row.gpu).smCount)
            perAccess.append((row.value / (occupancy * Double(kind.accessesPerElement) * sms), row.id))
        }
        if !perAccess.isEmpty {
            parameters.append(XPUEfficiencyParameter(gpu: XPUEfficiencyTable.allGPUs, name: .streamBandwidthPerAccessPerSM,
                value: XPUEfficiencyTable.rounded(geometricMean(perAccess.map(\.value))), fittedOn: perAccess.map(\.id),
                source: "fitted by duplexsim calibrate: Little's law (loads wait, stores are posted), bandwidth / (occupancy x SMs x accesses per element) of reduced-occupancy rows"))
        }
        return parameters
    }

    private func fitFlashAttention() throws(CalibrationError) -> [XPUEfficiencyParameter] {
        var groups: [String: [FlashAttentionVariant: [(s: Int64, y: Double, id: String)]]] = [:]
        for row in fitRows {
            guard case .flashAttention(let variant, let s, _) = row.kernel else { continue }
            groups[row.gpu, default: [:]][variant, default: []].append((s, row.value, row.id))
        }
        var parameters: [XPUEfficiencyParameter] = []
        for gpu in groups.keys.sorted() {
            for variant in groups[gpu]!.keys.sorted() {
                let points = groups[gpu]![variant]!
                guard points.count == 2,
                      let curve = FlashAttentionCurve.through(Double(points[0].s), points[0].y, Double(points[1].s), points[1].y) else {
                    throw .fit("\(gpu) \(variant): the FlashAttention fit needs two fit rows at different lengths on a rising curve")
                }
                let ids = points.map(\.id)
                let source = "fitted by duplexsim calibrate: TFLOPS(s) = P / (1 + s0/s) through the two fit rows"
                parameters.append(XPUEfficiencyParameter(gpu: gpu, name: .flashPeak, variant: variant.description,
                    value: XPUEfficiencyTable.rounded(curve.peak), fittedOn: ids, source: source))
                parameters.append(XPUEfficiencyParameter(gpu: gpu, name: .flashHalfSequence, variant: variant.description,
                    value: XPUEfficiencyTable.rounded(curve.halfSequence), fittedOn: ids, source: source))
            }
        }
        return parameters
    }

    private func geometricMean(_ values: [Double]) -> Double {
        precondition(!values.isEmpty && values.allSatisfy { $0 > 0 }, "geometric mean of positive values")
        return exp(values.map(log).reduce(0, +) / Double(values.count))
    }

    // MARK: - Predict

    /// Every measurement (file order) with the prediction of the model built from `parameters`.
    public func evaluate(_ parameters: XPUEfficiencyTable) throws(CalibrationError) -> [CalibrationResult] {
        var models: [String: XPUPerformanceModel] = [:]
        var results: [CalibrationResult] = []
        for row in measurements.rows {
            let model: XPUPerformanceModel
            if let cached = models[row.gpu] {
                model = cached
            } else {
                model = try XPUPerformanceModel(gpu: row.gpu, specs: specs, efficiency: parameters, requireGEMM: false)
                models[row.gpu] = model
            }
            results.append(CalibrationResult(measurement: row, predicted: try predict(row, model)))
        }
        return results
    }

    /// The model's value for `row`, in the row's unit, through the public API.
    private func predict(_ row: Measurement, _ model: XPUPerformanceModel) throws(CalibrationError) -> Double {
        switch row.kernel {
        case .gemm(let m, let k, let n, let dtype):
            guard model.gemmModel != nil else {
                throw CalibrationError.missingParameter(gpu: row.gpu, parameter: "GEMM parameters", calibrated: [])
            }
            return model.gemmTime(m: m, k: k, n: n, dtype: dtype).seconds * 1e3
        case .stream(let kind, let occupancy):
            return try model.streamBandwidth(kind, occupancy: occupancy).gigabytesPerSecond
        case .flashAttention(let variant, let s, let dtype):
            let shape = AttentionPrefillShape(batch: max(1, XPUCalibrator.flashTokensPerBatch / s), sequenceLength: s,
                                              queryHeads: XPUCalibrator.flashHeads, kvHeads: XPUCalibrator.flashHeads,
                                              headDim: XPUCalibrator.flashHeadDim, causal: variant.causal, dtype: dtype)
            let time = try model.attentionPrefillTime(shape, implementation: variant.implementation, pass: variant.pass)
            return FLOPRate.achieved(shape.flops(variant.pass), in: time).teraflopsPerSecond
        case .nvlink:
            return try model.nvlinkAchievedBandwidth().gigabytesPerSecond
        }
    }

    /// Tokens per batch of the FlashAttention benchmark rows (gpu-measurements.md: "16k tokens per batch").
    static let flashTokensPerBatch: Int64 = 16_384
    /// Head dimension of the FlashAttention benchmark rows (gpu-measurements.md: "head dim 128").
    static let flashHeadDim: Int64 = 128
    /// Heads of the benchmark shape; the modelled rate does not depend on it (FLOPs and time both scale).
    static let flashHeads: Int64 = 16
}
