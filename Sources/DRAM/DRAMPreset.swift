import Foundation
import Units

/// An HBM configuration as data: organisation, timing and energy, every value with a source.
///
/// Presets are versioned JSON files (format `duplexsim.dram-preset`, version 1); see
/// `Workloads/dram/*.json` and docs/dram.md. The built-in presets (`hbm3-5.2`, `hbm3-6.4`,
/// `hbm3e-9.6`) are compiled in from those files (`DRAMBuiltinPresets`); a user adds a preset
/// by writing a file and passing it with `--preset-file`, without touching code.
public struct DRAMPreset: Hashable, Sendable {
    /// The value of the top-level `format` key.
    public static let formatName = "duplexsim.dram-preset"
    /// The only format version this build reads.
    public static let supportedVersion = 1

    public var name: String
    public var description: String
    public var organization: DRAMOrganization
    public var timing: DRAMTimingParameters
    public var energy: DRAMEnergyParameters
    /// The source string of every value, by key.
    public var sources: [String: String]

    /// The names of the compiled-in presets.
    public static var builtinNames: [String] { DRAMBuiltinPresets.all.map(\.name) }

    /// A compiled-in preset by name (`hbm3-5.2`, `hbm3-6.4`, `hbm3e-9.6`).
    public static func builtin(named name: String) throws(DRAMPresetError) -> DRAMPreset {
        guard let entry = DRAMBuiltinPresets.all.first(where: { $0.name == name }) else {
            throw DRAMPresetError(file: "built-in presets", problems: [DRAMPresetProblem(
                key: "name", reason: "no preset named \"\(name)\"; available: \(builtinNames.joined(separator: ", "))")])
        }
        return try DRAMPreset(json: entry.json, file: "built-in preset \(name)")
    }

    /// Reads a preset file.
    public static func load(path: String) throws(DRAMPresetError) -> DRAMPreset {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DRAMPresetError(file: path, problems: [DRAMPresetProblem(key: "(file)", reason: "cannot be read: \(error)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DRAMPresetError(file: path, problems: [DRAMPresetProblem(key: "(file)", reason: "is not UTF-8 text")])
        }
        return try DRAMPreset(json: text, file: path)
    }

    /// Parses and validates preset JSON; `file` names the origin in error messages.
    public init(json: String, file: String) throws(DRAMPresetError) {
        self = try DRAMPresetParser(file: file).parse(json)
    }

    public init(name: String, description: String, organization: DRAMOrganization,
                timing: DRAMTimingParameters, energy: DRAMEnergyParameters, sources: [String: String]) {
        self.name = name
        self.description = description
        self.organization = organization
        self.timing = timing
        self.energy = energy
        self.sources = sources
    }
}
