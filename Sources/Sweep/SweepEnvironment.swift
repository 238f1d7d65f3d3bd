import Foundation
import Hardware
import Workloads

/// Where point kinds find their inputs: the model configs, the system presets and the xPU
/// calibration (`replay`).
public struct SweepEnvironment: Sendable {
    public var modelsDirectory: URL
    public var systemsDirectory: URL
    public var calibrationDirectory: URL

    /// `calibrationDirectory` defaults to `calibration` next to the systems directory
    /// (Workloads/calibration).
    public init(modelsDirectory: URL, systemsDirectory: URL, calibrationDirectory: URL? = nil) {
        self.modelsDirectory = modelsDirectory
        self.systemsDirectory = systemsDirectory
        self.calibrationDirectory = calibrationDirectory
            ?? systemsDirectory.deletingLastPathComponent().appendingPathComponent("calibration", isDirectory: true)
    }

    /// Searches each start directory and its parents for `Workloads/models` and
    /// `Workloads/systems` (the first start that has both wins).
    public static func find(searchingFrom starts: [URL]) throws(SweepError) -> SweepEnvironment {
        for start in starts {
            if let models = ModelCatalog.defaultDirectory(searchingFrom: start) {
                let systems = models.deletingLastPathComponent().appendingPathComponent("systems", isDirectory: true)
                if FileManager.default.fileExists(atPath: systems.path) {
                    return SweepEnvironment(modelsDirectory: models, systemsDirectory: systems)
                }
            }
        }
        throw SweepError(source: "sweep", path: "", reason: "cannot find Workloads/models and Workloads/systems in or above "
                         + starts.map(\.path).joined(separator: ", ") + "; run from the repository or pass --models-dir and --systems-dir")
    }
}
