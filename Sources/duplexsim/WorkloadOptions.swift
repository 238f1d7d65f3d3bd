import ArgumentParser
import Foundation
import Workloads

/// Options shared by the workload commands (`opb`, `trace`): which model, how it is split over
/// devices, and how bytes are accounted.
struct WorkloadOptions: ParsableArguments {
    @Option(help: "Model name (a file in the models directory, e.g. mixtral-8x7b) or a path to a model .json file.")
    var model: String

    @Option(help: ArgumentHelp("Directory of model configs.",
                               discussion: "Default: the first Workloads/models found in the current directory or its parents, then next to the executable's checkout."))
    var modelsDir: String?

    @Option(help: "Devices the model is split over (DeepSpeed-MoE: TP inside a node of 8, EP over the experts). Default: the paper's count for the model (Mixtral/OPT/Llama3 4, GLaM 8, Grok-1 16), else 1.")
    var devices: Int?

    @Option(help: "Tensor-parallel degree of non-expert layers (overrides --devices).")
    var tp: Int?

    @Option(help: "Expert-parallel degree (overrides --devices).")
    var ep: Int?

    @Option(help: "Tensor-parallel degree inside each expert (overrides --devices).")
    var expertTp: Int?

    @Option(help: "Byte accounting: paper (prefill scores in memory, decode scores on chip, FFN intermediates in memory), fused, or materialized.")
    var accounting: String = "paper"

    @Option(help: "Expert routing: uniform, zipf:<exponent> (e.g. zipf:1.2), or a routing-trace CSV file.")
    var routing: String = "uniform"

    @Option(help: "Seed of the random routing policies.")
    var seed: UInt64 = 1

    /// The models directory: --models-dir, else Workloads/models above the current directory,
    /// else above the executable (a `swift run` build lives in <repo>/.build/...).
    func modelsDirectory() throws -> URL {
        if let modelsDir { return URL(fileURLWithPath: modelsDir, isDirectory: true) }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        if let found = ModelCatalog.defaultDirectory(searchingFrom: cwd) { return found }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let found = ModelCatalog.defaultDirectory(searchingFrom: executable) { return found }
        throw ValidationError("cannot find \(ModelCatalog.relativePath) in \(cwd.path), its parents, or above \(executable.path); pass --models-dir DIR")
    }

    func loadModel() throws -> ModelConfig {
        if model.hasSuffix(".json") { return try ModelCatalog.load(file: URL(fileURLWithPath: model)) }
        return try ModelCatalog(directory: modelsDirectory()).load(model)
    }

    func plan(for config: ModelConfig) throws -> ParallelismPlan {
        if let devices, devices < 1 { throw ValidationError("--devices must be positive, got \(devices)") }
        var plan = PaperDeployment.plan(for: config, devices: devices)
        if let tp { plan.tensorParallel = tp }
        if let ep { plan.expertParallel = ep }
        if let expertTp { plan.expertTensorParallel = expertTp }
        let problems = plan.problems(for: config, source: "parallelism")
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        return plan
    }

    func accountingOptions() throws -> AccountingOptions {
        switch accounting {
        case "paper": return .paper
        case "fused": return .fused
        case "materialized": return .materialized
        default: throw ValidationError("--accounting must be paper, fused or materialized, got \"\(accounting)\"")
        }
    }

    func routingPolicy() throws -> RoutingPolicy { try RoutingPolicy(parsing: routing) }

    /// A description of the routing for headers ("uniform seed 1").
    var routingDescription: String {
        routing.hasPrefix("uniform") || routing.hasPrefix("zipf:") ? "\(routing) seed \(seed)" : routing
    }
}
