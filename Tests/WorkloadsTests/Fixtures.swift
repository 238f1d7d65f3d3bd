import Foundation
@testable import Workloads

/// Shared test inputs, located from this file so tests do not depend on the working directory.
enum Fixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = ModelCatalog(directory: repositoryRoot.appendingPathComponent(ModelCatalog.relativePath))
    static let paperModels = ["mixtral-8x7b", "glam-143b", "grok-1", "opt-66b", "llama3-70b"]

    static func model(_ name: String) -> ModelConfig {
        do { return try catalog.load(name) } catch { fatalError("fixture model \(name): \(error)") }
    }

    /// The Duplex paper's default device counts (reference: "Default device counts"), 8 per node.
    static func paperPlan(_ model: ModelConfig) -> ParallelismPlan {
        let devices = ["mixtral-8x7b": 4, "glam-143b": 8, "grok-1": 16, "opt-66b": 4, "llama3-70b": 4][model.name] ?? 1
        return .deepSpeedMoE(devices: devices, devicesPerNode: 8, model: model)
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("duplexsim-tests-\(UUID().uuidString)-\(name)")
    }
}
