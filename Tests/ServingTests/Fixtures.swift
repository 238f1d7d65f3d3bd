import Foundation
import Hardware
import Units
import Workloads
@testable import Serving

/// Shared test inputs, located from this file so tests do not depend on the working directory.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let models = ModelCatalog(directory: repositoryRoot.appendingPathComponent(ModelCatalog.relativePath))
    static let systems = SystemPresetLoader(systemsDirectory: repositoryRoot.appendingPathComponent("Workloads/systems"))
    static let catalogs = ResolvedScenario.Catalogs(models: models, systems: systems)

    static func model(_ name: String) -> ModelConfig {
        do { return try models.load(name) } catch { fatalError("fixture model \(name): \(error)") }
    }

    static func system(_ name: String, devices: Int? = nil, capacityPerStack: ByteCount? = nil) -> SystemConfig {
        var config: SystemConfig
        do { config = try systems.load(name) } catch { fatalError("fixture system \(name): \(error)") }
        if let devices {
            config.nodes = Sourced(1, source: "test")
            config.devicesPerNode = Sourced(devices, source: "test")
        }
        if let capacityPerStack { config.device.xpu.capacityPerStack = Sourced(capacityPerStack, source: "test") }
        return config
    }

    /// tiny-moe on 2 devices of `system` (TP 2, EP 2).
    static func tinyDeployment(system name: String = "duplex", policy: PlacementPolicy = .duplex,
                               capacityPerStack: ByteCount? = nil) -> ServingDeployment {
        do {
            return try ServingDeployment(model: model("tiny-moe"), system: system(name, devices: 2, capacityPerStack: capacityPerStack),
                                         policy: policy, source: "test")
        } catch { fatalError("tiny deployment: \(error)") }
    }

    static func scenario(_ text: String, file: String = "test.json") throws -> ResolvedScenario {
        let scenario = try StrictJSON.decode(Scenario.self, from: Data(text.utf8), source: file)
        return try ResolvedScenario(scenario, source: file, directory: repositoryRoot, catalogs: catalogs)
    }
}
