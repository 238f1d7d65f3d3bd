import Foundation

/// The GPU measurements (Workloads/calibration/gpu-measurements.csv), each row tagged `fit` or
/// `test`. Rows are validated for their kernel: a GEMM row needs m, k, n, dtype and a time in ms.
public struct MeasurementTable: Sendable, Equatable {
    public static let columns = ["id", "gpu", "kernel", "m", "k", "n", "seq_len", "occupancy", "implementation", "pass",
                                 "causal", "dtype", "metric", "value", "unit", "role", "source"]

    /// Rows in file order.
    public let rows: [Measurement]

    public init(rows: [Measurement]) { self.rows = rows }

    public init(_ table: CSVTable) throws(CalibrationDataError) {
        try table.requireHeader(MeasurementTable.columns)
        var rows: [Measurement] = []
        var ids = Set<String>()
        for r in table.rows.indices {
            let line = table.lineNumbers[r]
            func fail(_ column: String, _ reason: String) -> CalibrationDataError {
                CalibrationDataError(file: table.file, line: line, column: column, reason: reason)
            }
            let id = try table.text(r, "id")
            guard ids.insert(id).inserted else { throw fail("id", "duplicate id \(id)") }
            let kernelName = try table.text(r, "kernel")
            let metric = try table.text(r, "metric")
            let unit = try table.text(r, "unit")
            func expectMetric(_ wantMetric: String, _ wantUnit: String) throws(CalibrationDataError) {
                guard metric == wantMetric else { throw fail("metric", "a \(kernelName) row needs metric \(wantMetric)") }
                guard unit == wantUnit else { throw fail("unit", "a \(kernelName) row needs unit \(wantUnit)") }
            }
            func positive(_ column: String) throws(CalibrationDataError) -> Int64 {
                guard let v = try table.optionalInteger(r, column), v > 0 else { throw fail(column, "a \(kernelName) row needs a positive whole number") }
                return v
            }
            func dtype() throws(CalibrationDataError) -> DataType {
                guard let d = DataType(rawValue: table.cell(r, "dtype")) else { throw fail("dtype", "must be fp16 or bf16") }
                return d
            }
            let kernel: Measurement.Kernel
            if kernelName == "gemm" {
                try expectMetric("time", "ms")
                kernel = .gemm(m: try positive("m"), k: try positive("k"), n: try positive("n"), dtype: try dtype())
            } else if kernelName.hasPrefix("stream-"), let kind = StreamKind(rawValue: String(kernelName.dropFirst(7))) {
                try expectMetric("bandwidth", "GB/s")
                guard let occupancy = try table.optionalNumber(r, "occupancy"), occupancy > 0, occupancy <= 1 else {
                    throw fail("occupancy", "a stream row needs an occupancy in (0, 1]")
                }
                kernel = .stream(kind, occupancy: occupancy)
            } else if kernelName == "flash-attention" {
                try expectMetric("throughput", "TFLOPS")
                guard let pass = AttentionPass(rawValue: table.cell(r, "pass")) else {
                    throw fail("pass", "must be forward or forward-backward")
                }
                let causalText = table.cell(r, "causal")
                guard causalText == "true" || causalText == "false" else { throw fail("causal", "must be true or false") }
                let variant = FlashAttentionVariant(implementation: try table.text(r, "implementation"), pass: pass,
                                                    causal: causalText == "true")
                kernel = .flashAttention(variant, sequenceLength: try positive("seq_len"), dtype: try dtype())
            } else if kernelName == "nvlink" {
                try expectMetric("bandwidth", "GB/s")
                kernel = .nvlink
            } else {
                throw fail("kernel", "unknown kernel \"\(kernelName)\"; allowed: gemm, stream-init, stream-read, stream-scale, stream-triad, flash-attention, nvlink")
            }
            let value = try table.number(r, "value")
            guard value > 0 else { throw fail("value", "must be positive") }
            guard let role = Measurement.Role(rawValue: table.cell(r, "role")) else { throw fail("role", "must be fit or test") }
            rows.append(Measurement(id: id, gpu: try table.text(r, "gpu"), kernel: kernel, value: value, unit: unit,
                                    role: role, source: try table.text(r, "source"), line: line))
        }
        self.init(rows: rows)
    }

    /// Reads a measurement file.
    public static func load(_ url: URL) throws(CalibrationDataError) -> MeasurementTable {
        try MeasurementTable(CSVTable.load(url))
    }
}
