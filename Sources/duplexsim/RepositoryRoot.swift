import ArgumentParser
import Foundation
import Hardware
import Workloads

/// The folders of the repository's data (`Workloads/...`): found from the current directory or,
/// failing that, above the executable (a `swift run` build lives in `<repo>/.build/...`).
struct RepositoryRoot {
    let workloads: URL

    var models: URL { workloads.appendingPathComponent("models", isDirectory: true) }
    var systems: URL { workloads.appendingPathComponent("systems", isDirectory: true) }
    var calibration: URL { workloads.appendingPathComponent("calibration", isDirectory: true) }
    var defaultScenario: URL { workloads.appendingPathComponent("scenarios/default.json") }

    static func find() throws -> RepositoryRoot {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for start in [cwd, executable] {
            if let models = ModelCatalog.defaultDirectory(searchingFrom: start) {
                return RepositoryRoot(workloads: models.deletingLastPathComponent())
            }
        }
        throw ValidationError("cannot find Workloads/ in \(cwd.path), its parents, or above \(executable.path); run from the repository")
    }
}
