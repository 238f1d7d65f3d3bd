import Foundation

/// A whole system: nodes of identical devices joined by NVLink inside a node and InfiniBand
/// between nodes, with its energy facts. Read from JSON (presets in Workloads/systems/); every
/// hardware constant carries a source. Format: docs/hardware.md.
public struct SystemConfig: Codable, Sendable, Equatable {
    /// Short identifier, e.g. "duplex".
    public var name: String
    /// One line for reports.
    public var description: String
    public var nodes: Sourced<Int>
    public var devicesPerNode: Sourced<Int>
    public var device: DeviceConfig
    public var links: LinksConfig
    public var energy: EnergyConfig

    static let keys = ["name", "description", "nodes", "devicesPerNode", "device", "links", "energy"]

    public init(from decoder: Decoder) throws {
        var o = try StrictObject(decoder, allowed: SystemConfig.keys)
        let name = o.required("name", String.self)
        let description = o.required("description", String.self)
        let nodes = o.required("nodes", Sourced<Int>.self)
        let perNode = o.required("devicesPerNode", Sourced<Int>.self)
        let device = o.required("device", DeviceConfig.self)
        let links = o.required("links", LinksConfig.self)
        let energy = o.required("energy", EnergyConfig.self)
        try o.finish()
        self.name = name!
        self.description = description!
        self.nodes = nodes!
        self.devicesPerNode = perNode!
        self.device = device!
        self.links = links!
        self.energy = energy!
    }

    /// Decodes and validates `data`; `file` names the source in errors. All decoding problems
    /// (unknown keys, missing fields, bad units) are reported together; if decoding succeeds,
    /// all validation problems are reported together.
    public static func decode(_ data: Data, file: String) throws(ConfigError) -> SystemConfig {
        let log = ProblemLog()
        let decoder = JSONDecoder()
        decoder.userInfo[.configProblems] = log
        let config: SystemConfig
        do {
            config = try decoder.decode(SystemConfig.self, from: data)
        } catch is ProblemsRecorded {
            throw ConfigError(file: file, problems: log.problems)
        } catch let error as DecodingError {
            // Not an object at the root, or not JSON at all.
            let problem = StrictObject.problem(from: error, fallback: [])
            throw ConfigError(file: file, problems: log.problems + [ConfigProblem(
                path: problem.path, reason: "not a valid system config (\(SystemConfig.underlying(error)))")])
        } catch {
            throw ConfigError(file: file, problems: [ConfigProblem(path: "", reason: "\(error)")])
        }
        let problems = config.validate()
        guard problems.isEmpty else { throw ConfigError(file: file, problems: problems) }
        return config
    }

    /// Reads and validates a system file.
    public static func load(file url: URL) throws(ConfigError) -> SystemConfig {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigError(file: url.path, problems: [ConfigProblem(path: "", reason: "cannot read the file (\(error.localizedDescription))")])
        }
        return try decode(data, file: url.path)
    }

    /// Pretty, key-sorted JSON (a preset file's canonical form).
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private static func underlying(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError { return "\(context.debugDescription): \(underlying.localizedDescription)" }
            return context.debugDescription
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}
