import ArgumentParser
import Foundation
import Hardware

/// `duplexsim calibrate`: fits the xPU performance model on the `fit` rows of the GPU
/// measurements, predicts every row, and prints the error table (docs/validation.md).
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the xPU/GPU model on the fit rows of the GPU measurements and report the error of every row.",
        discussion: """
            Reads gpus.csv and gpu-measurements.csv from Workloads/calibration (found from the current \
            directory upward, or --calibration-dir). Held-out (test) rows must be within \
            \(Int(CalibrateCommand.tolerance * 100))%; see docs/validation.md.
            """
    )

    /// The issue's tolerance on held-out rows.
    static let tolerance = 0.15

    @Option(name: .customLong("calibration-dir"), help: "Folder with gpus.csv and gpu-measurements.csv.")
    var calibrationDirectory: String?

    @Option(help: "Measurement CSV to use instead of <calibration-dir>/gpu-measurements.csv.")
    var data: String?

    @Option(help: "Write the per-row results to this CSV file.")
    var csv: String?

    @Option(name: .customLong("parameters-out"), help: "Write the fitted parameters (xpu-efficiency.csv format) to this file.")
    var parametersOut: String?

    @Flag(help: "Print the table as Markdown (the form committed in docs/validation.md).")
    var markdown = false

    func run() throws {
        let directory: URL
        if let calibrationDirectory {
            directory = URL(fileURLWithPath: calibrationDirectory)
        } else {
            directory = try CalibrationDirectory.find()
        }
        let calibrator = try XPUCalibrator.load(calibrationDirectory: directory, data: data.map { URL(fileURLWithPath: $0) })
        let parameters = try calibrator.fit()
        let results = try calibrator.evaluate(parameters)

        if let parametersOut {
            try parameters.csv().rendered().write(toFile: parametersOut, atomically: true, encoding: .utf8)
        }
        if let csv {
            try CalibrateCommand.resultsCSV(results).write(toFile: csv, atomically: true, encoding: .utf8)
        }
        print(markdown ? CalibrateCommand.markdownTable(results) : CalibrateCommand.textTable(results), terminator: "")
        print(CalibrateCommand.summary(results), terminator: "")
    }

    static func formatted(_ value: Double) -> String { String(format: "%.4g", value) }
    /// "+10.1%", "-2.6%", and "0.0%" for errors that round to zero (no "-0.0%").
    static func percent(_ error: Double) -> String {
        let tenths = (error * 1000).rounded()
        return tenths == 0 ? "0.0%" : String(format: "%+.1f%%", tenths / 10)
    }

    static func cells(_ r: CalibrationResult) -> [String] {
        let m = r.measurement
        let miss = m.role == .test && abs(r.relativeError) > tolerance ? "MISS" : ""
        return [m.id, m.gpu, m.family, m.shape, m.role.rawValue, "\(formatted(m.value)) \(m.unit)",
                "\(formatted(r.predicted)) \(m.unit)", percent(r.relativeError), miss]
    }

    static let header = ["id", "gpu", "kernel", "shape", "role", "measured", "predicted", "error", ""]

    static func markdownTable(_ results: [CalibrationResult]) -> String {
        var lines = ["| " + header.dropLast().joined(separator: " | ") + " | >15% |",
                     "|" + String(repeating: "---|", count: header.count)]
        for r in results { lines.append("| " + cells(r).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    static func textTable(_ results: [CalibrationResult]) -> String {
        let rows = [header] + results.map(cells)
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    static func summary(_ results: [CalibrationResult]) -> String {
        let held = results.filter { $0.measurement.role == .test }
        let misses = held.filter { abs($0.relativeError) > tolerance }
        let meanAbs = held.map { abs($0.relativeError) }.reduce(0, +) / Double(max(held.count, 1))
        var text = "\nheld-out rows: \(held.count); within \(Int(tolerance * 100))%: \(held.count - misses.count); "
            + "mean |error| \(String(format: "%.1f%%", meanAbs * 100))"
        if !misses.isEmpty {
            text += "; misses: " + misses.map { "\($0.measurement.id) (\(percent($0.relativeError)))" }.joined(separator: ", ")
        }
        return text + "\n"
    }

    static func resultsCSV(_ results: [CalibrationResult]) -> String {
        let header = ["id", "gpu", "kernel", "shape", "role", "unit", "measured", "predicted", "error_percent"]
        let rows = results.map { r -> [String] in
            let m = r.measurement
            return [m.id, m.gpu, m.family, m.shape, m.role.rawValue, m.unit, "\(m.value)",
                    String(format: "%.6g", r.predicted), String(format: "%.3f", r.relativeError * 100)]
        }
        return CSVTable(file: "results", header: header, rows: rows).rendered()
    }
}
