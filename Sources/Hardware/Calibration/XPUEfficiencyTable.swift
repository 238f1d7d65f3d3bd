import Foundation

/// The fitted parameters of the xPU performance model (Workloads/calibration/xpu-efficiency.csv),
/// written by `duplexsim calibrate --parameters-out` and read by `XPUPerformanceModel`.
public struct XPUEfficiencyTable: Sendable, Equatable {
    public static let columns = ["gpu", "parameter", "variant", "value", "unit", "fitted_on", "source"]
    /// The GPU name of parameters shared by all GPUs.
    public static let allGPUs = "all"

    /// Parameters sorted by (gpu, parameter, variant).
    public let parameters: [XPUEfficiencyParameter]

    public init(parameters: [XPUEfficiencyParameter]) {
        self.parameters = parameters.sorted {
            ($0.gpu, $0.name, $0.variant) < ($1.gpu, $1.name, $1.variant)
        }
    }

    public init(_ table: CSVTable) throws(CalibrationDataError) {
        try table.requireHeader(XPUEfficiencyTable.columns)
        var parameters: [XPUEfficiencyParameter] = []
        for r in table.rows.indices {
            let nameText = try table.text(r, "parameter")
            guard let name = XPUEfficiencyParameter.Name(rawValue: nameText) else {
                throw CalibrationDataError(file: table.file, line: table.lineNumbers[r], column: "parameter",
                    reason: "unknown parameter \"\(nameText)\"; allowed: \(XPUEfficiencyParameter.Name.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard table.cell(r, "unit") == name.unit else {
                throw CalibrationDataError(file: table.file, line: table.lineNumbers[r], column: "unit", reason: "\(nameText) is in \(name.unit)")
            }
            parameters.append(XPUEfficiencyParameter(
                gpu: try table.text(r, "gpu"), name: name, variant: table.cell(r, "variant"),
                value: try table.number(r, "value"),
                fittedOn: table.cell(r, "fitted_on").split(separator: " ").map(String.init),
                source: try table.text(r, "source")))
        }
        self.init(parameters: parameters)
    }

    public static func load(_ url: URL) throws(CalibrationDataError) -> XPUEfficiencyTable {
        try XPUEfficiencyTable(CSVTable.load(url))
    }

    /// The value of `name` for `gpu` (falling back to the "all" row), or nil.
    public func value(_ name: XPUEfficiencyParameter.Name, gpu: String, variant: String = "") -> Double? {
        parameters.first { $0.gpu == gpu && $0.name == name && $0.variant == variant }?.value
            ?? parameters.first { $0.gpu == XPUEfficiencyTable.allGPUs && $0.name == name && $0.variant == variant }?.value
    }

    /// The value, or an error naming the GPUs that have it.
    public func require(_ name: XPUEfficiencyParameter.Name, gpu: String, variant: String = "") throws(CalibrationError) -> Double {
        guard let value = value(name, gpu: gpu, variant: variant) else {
            let label = variant.isEmpty ? name.rawValue : "\(name.rawValue) [\(variant)]"
            let having = Set(parameters.filter { $0.name == name && $0.variant == variant }.map(\.gpu)).sorted()
            throw CalibrationError.missingParameter(gpu: gpu, parameter: label, calibrated: having)
        }
        return value
    }

    /// The FlashAttention variants calibrated for `gpu`.
    public func flashVariants(gpu: String) -> [FlashAttentionVariant] {
        parameters.filter { $0.gpu == gpu && $0.name == .flashPeak }.compactMap { FlashAttentionVariant(parsing: $0.variant) }.sorted()
    }

    /// The table as CSV (values with 6 significant digits, so a fresh fit reproduces it byte for byte).
    public func csv() -> CSVTable {
        CSVTable(file: "xpu-efficiency.csv", header: XPUEfficiencyTable.columns, rows: parameters.map {
            [$0.gpu, $0.name.rawValue, $0.variant, XPUEfficiencyTable.format($0.value), $0.name.unit,
             $0.fittedOn.joined(separator: " "), $0.source]
        })
    }

    /// `value` to 6 significant digits, the precision the committed parameters are stored at.
    public static func rounded(_ value: Double) -> Double {
        guard let parsed = Double(format(value)) else { preconditionFailure("cannot reparse \(value)") }
        return parsed
    }

    static func format(_ value: Double) -> String { String(format: "%.6g", value) }
}
