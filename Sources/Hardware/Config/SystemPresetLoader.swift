import Foundation

/// Finds system files: a preset name ("duplex") is looked up as `Workloads/systems/<name>.json`
/// in the start directory or the nearest parent that has one; anything ending in ".json" or
/// holding a "/" is read as a path.
public struct SystemPresetLoader: Sendable {
    /// The folder holding the preset files.
    public let systemsDirectory: URL

    /// The presets under `directory` (a folder of `<name>.json`).
    public init(systemsDirectory directory: URL) {
        self.systemsDirectory = directory
    }

    /// Searches `start` and its parents for `Workloads/systems`.
    public init(searchingFrom start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws(ConfigError) {
        var directory = start.standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent("Workloads/systems", isDirectory: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                self.systemsDirectory = candidate
                return
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path {
                throw ConfigError(file: start.path, problems: [ConfigProblem(path: "",
                    reason: "no Workloads/systems folder here or in any parent; run from the repository or give a system file path")])
            }
            directory = parent
        }
    }

    /// Preset names available (file names without ".json"), sorted.
    public func presetNames() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: systemsDirectory.path)
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a preset by name, or a file when `nameOrPath` ends in ".json" or contains "/".
    public func load(_ nameOrPath: String) throws(ConfigError) -> SystemConfig {
        if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") {
            return try SystemConfig.load(file: URL(fileURLWithPath: nameOrPath))
        }
        let file = systemsDirectory.appendingPathComponent("\(nameOrPath).json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            let available: String
            do {
                available = "available: " + (try presetNames()).joined(separator: ", ")
            } catch {
                available = "cannot list \(systemsDirectory.path): \(error.localizedDescription)"
            }
            throw ConfigError(file: file.path, problems: [ConfigProblem(path: "",
                reason: "no system preset named \"\(nameOrPath)\"; \(available)")])
        }
        return try SystemConfig.load(file: file)
    }
}
