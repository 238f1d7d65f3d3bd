import Foundation

/// The model configs in a directory (normally `Workloads/models`), one `<name>.json` each.
///
/// Locating the directory is the caller's job (the CLI's `--models-dir`, tests via `#filePath`);
/// `ModelCatalog.defaultDirectory(searchingFrom:)` implements the CLI's search.
public struct ModelCatalog: Sendable {
    /// The directory holding `<name>.json` files.
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The path, relative to a repository root, where model configs live.
    public static let relativePath = "Workloads/models"

    /// The first `Workloads/models` found in `start` or one of its parents, else nil.
    public static func defaultDirectory(searchingFrom start: URL) -> URL? {
        var candidate = start.standardizedFileURL
        while true {
            let models = candidate.appendingPathComponent(relativePath, isDirectory: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: models.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return models
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return nil }
            candidate = parent
        }
    }

    /// The names of all configs, sorted.
    public func names() throws(WorkloadInputError) -> [String] {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw WorkloadInputError(source: directory.path, field: "", reason: "cannot list the model directory (\(error.localizedDescription))")
        }
        return entries.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads and validates model `name` (a file name without `.json`).
    public func load(_ name: String) throws(WorkloadInputError) -> ModelConfig {
        let file = directory.appendingPathComponent("\(name).json")
        guard FileManager.default.fileExists(atPath: file.path) else {
            let known: String
            do { known = try names().joined(separator: ", ") } catch { known = "none (\(error))" }
            throw WorkloadInputError(source: "--model", field: "", reason: "no model \"\(name)\" in \(directory.path); known models: \(known)")
        }
        return try ModelCatalog.load(file: file, expectedName: name)
    }

    /// Loads and validates the config in `file`; its `name` must equal `expectedName` when given.
    public static func load(file: URL, expectedName: String? = nil) throws(WorkloadInputError) -> ModelConfig {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw WorkloadInputError(source: file.path, field: "", reason: "cannot read the file (\(error.localizedDescription))")
        }
        let source = file.lastPathComponent
        let config = try StrictJSON.decode(ModelConfig.self, from: data, source: source)
        var problems = config.problems(source: source)
        if let expectedName, config.name != expectedName {
            problems.append(InputProblem(source: source, field: "name",
                                         reason: "is \"\(config.name)\" but the file is named \"\(expectedName).json\""))
        }
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        return config
    }
}
