import Foundation
import Units

/// The GPUs the calibration knows, read from Workloads/calibration/gpus.csv.
public struct GPUSpecTable: Sendable, Equatable {
    public static let columns = ["gpu", "peak_bf16_TFLOPS", "peak_fp16_TFLOPS", "hbm_bandwidth_GBps", "sm_count",
                                 "nvlink_bidirectional_GBps", "gemm_tiles", "source"]

    /// Specs sorted by name.
    public let specs: [GPUSpec]

    public init(specs: [GPUSpec]) { self.specs = specs.sorted { $0.name < $1.name } }

    public init(_ table: CSVTable) throws(CalibrationDataError) {
        try table.requireHeader(GPUSpecTable.columns)
        var specs: [GPUSpec] = []
        for row in table.rows.indices {
            let name = try table.text(row, "gpu")
            guard !specs.contains(where: { $0.name == name }) else {
                throw CalibrationDataError(file: table.file, line: table.lineNumbers[row], column: "gpu", reason: "duplicate GPU \(name)")
            }
            var values: [Double] = []
            for column in ["peak_bf16_TFLOPS", "peak_fp16_TFLOPS", "hbm_bandwidth_GBps", "sm_count", "nvlink_bidirectional_GBps"] {
                let value = try table.number(row, column)
                guard value > 0 else {
                    throw CalibrationDataError(file: table.file, line: table.lineNumbers[row], column: column, reason: "must be positive")
                }
                values.append(value)
            }
            guard values[3] == values[3].rounded() else {
                throw CalibrationDataError(file: table.file, line: table.lineNumbers[row], column: "sm_count", reason: "must be a whole number")
            }
            let tileText = try table.text(row, "gemm_tiles")
            var tiles: [GEMMTile] = []
            for word in tileText.split(separator: " ") {
                guard let tile = GEMMTile(parsing: word) else {
                    throw CalibrationDataError(file: table.file, line: table.lineNumbers[row], column: "gemm_tiles",
                                               reason: "\"\(word)\" is not a tile such as 128x256")
                }
                tiles.append(tile)
            }
            specs.append(GPUSpec(name: name, peakBF16: .tflops(values[0]), peakFP16: .tflops(values[1]),
                                 hbmBandwidth: .gbps(values[2]), smCount: Int(values[3]),
                                 nvlinkBidirectional: .gbps(values[4]), gemmTiles: tiles,
                                 source: try table.text(row, "source")))
        }
        self.init(specs: specs)
    }

    /// The spec of `name`, or an error listing the known GPUs.
    public func spec(_ name: String) throws(CalibrationError) -> GPUSpec {
        guard let spec = specs.first(where: { $0.name == name }) else {
            throw CalibrationError.unknownGPU(name, known: specs.map(\.name))
        }
        return spec
    }
}
