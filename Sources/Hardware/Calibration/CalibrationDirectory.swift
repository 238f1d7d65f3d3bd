import Foundation

/// Finds `Workloads/calibration` (gpus.csv, gpu-measurements.csv, xpu-efficiency.csv).
public enum CalibrationDirectory {
    /// The relative path of the folder inside the repository.
    public static let relativePath = "Workloads/calibration"

    /// `start` or its nearest parent holding `Workloads/calibration`.
    public static func find(searchingFrom start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws(CalibrationError) -> URL {
        var directory = start.standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent(relativePath, isDirectory: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path {
                throw .data(CalibrationDataError(file: start.path,
                    reason: "no \(relativePath) folder here or in any parent; run from the repository or pass --calibration-dir"))
            }
            directory = parent
        }
    }
}
