import ArgumentParser
import Foundation
import Hardware
import Serving
import Units
import Workloads

/// `duplexsim run`: serve a model with some traffic on one or more systems (continuous batching,
/// every stage simulated through the device models) and report throughput, latency and energy.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Serving simulation: continuous batching on GPU, Duplex and PIM systems (throughput, latency, energy).",
        discussion: """
            With no arguments runs Workloads/scenarios/default.json (Mixtral-8x7B on 4 Duplex devices with \
            co-processing vs 4 H100-class GPUs, closed loop) and prints a side-by-side table. Options override \
            the scenario; --system or --placement replaces its runs by one. Scenario format: docs/serving.md; \
            metric definitions: docs/metrics.md.
            """)

    @Argument(help: "Scenario file (JSON). Default: Workloads/scenarios/default.json.")
    var scenario: String?

    @Option(help: "Model name or model file (overrides the scenario).")
    var model: String?

    @Option(help: "System preset or file: run only this system.")
    var system: String?

    @Option(help: "Placement: \(PlacementPolicy.names). Default for --system: gpu, duplex+pe, bank-pim or bankgroup-pim by its memory processor.")
    var placement: String?

    @Option(help: "Devices (nodes of up to 8 filled first), overriding the system files' count.")
    var devices: Int?

    @Option(help: "Maximum batch (requests per stage).")
    var batch: Int?

    @Option(help: "Prompt length Lin (tokens).")
    var lin: Int?

    @Option(help: "Output length Lout (tokens).")
    var lout: Int?

    @Option(help: "Gaussian length spread (standard deviation / nominal); 0 for fixed lengths.")
    var lengthSpread: Double?

    @Option(help: "Requests to serve.")
    var requests: Int?

    @Option(help: "Open loop: Poisson arrivals at this many requests per second (default: the scenario's; closed loop if none).")
    var qps: Double?

    @Option(help: "Closed loop: measure a steady-state window of this many stages (the batch starts mid-generation) instead of serving --requests from an empty server.")
    var steadyStateStages: Int?

    @Option(help: "Seed of lengths, arrivals and routing.")
    var seed: UInt64?

    @Option(help: "Expert routing: uniform, zipf:<s> or a routing-trace CSV.")
    var routing: String?

    @Option(help: "Directory for summary.csv, stages.csv, requests.csv (and ops.csv with --ops), written atomically.")
    var out: String?

    @Flag(help: "Also write ops.csv (one row per operator per stage; large).")
    var ops = false

    func validate() throws {
        if ops && out == nil { throw ValidationError("--ops needs --out DIR") }
        if let placement, PlacementPolicy(rawValue: placement) == nil {
            throw ValidationError("--placement must be one of \(PlacementPolicy.names), got \"\(placement)\"")
        }
    }

    func run() throws {
        let root = try RepositoryRoot.find()
        let catalogs = ResolvedScenario.Catalogs(models: ModelCatalog(directory: root.models),
                                                 systems: SystemPresetLoader(systemsDirectory: root.systems))
        let file = scenario.map { URL(fileURLWithPath: $0) } ?? root.defaultScenario
        var spec = try Scenario.load(file)
        try apply(to: &spec, systems: catalogs.systems)
        let resolved = try ResolvedScenario(spec, source: file.lastPathComponent, directory: file.deletingLastPathComponent(), catalogs: catalogs)
        print("\(resolved.source): \(spec.description)")
        let spread = spec.lengthSpread.map { $0 > 0 ? String(format: ", length spread %.2f", $0) : "" } ?? ""
        let window = spec.steadyStateStages.map { ", steady-state window of \($0) stages" } ?? ", \(spec.requests) requests"
        print("model \(resolved.model.name), max batch \(spec.batch), (Lin, Lout) = (\(spec.lin), \(spec.lout))\(spread), "
              + "traffic \(resolved.traffic.name)\(spec.qps.map { " at \($0) QPS" } ?? "")\(window), seed \(spec.seed)")
        var results: [ServingResult] = []
        for run in resolved.runs {
            if run.batchLimit.isReduced { print("\(run.label): \(run.batchLimit.explanation)") }
            var executor = try DeviceStageExecutor.load(run.deployment, calibrationDirectory: root.calibration)
            var progress = ProgressLine(label: run.label)
            let result = try ServingSimulation.run(run, of: resolved, executor: &executor, recordOperators: ops) { done, total in
                progress.update(done, of: total)
            }
            progress.finish()
            results.append(result)
        }
        print(ServingTable.render(results, scenario: resolved))
        if let out {
            let files = try ServingReport.write(results, scenario: resolved, to: URL(fileURLWithPath: out, isDirectory: true), operators: ops)
            print("wrote " + files.map(\.path).joined(separator: ", "))
        }
    }

    /// Command-line overrides of the scenario.
    func apply(to spec: inout Scenario, systems: SystemPresetLoader) throws {
        if let model { spec.model = model }
        if system != nil || placement != nil {
            let policy: PlacementPolicy
            let systemName: String
            if let placement, let chosen = PlacementPolicy(rawValue: placement) {
                policy = chosen
                systemName = system ?? RunCommand.defaultSystem(for: chosen)
            } else {
                systemName = system!
                policy = RunCommand.defaultPlacement(for: try systems.load(systemName).device.memoryProcessor.kind)
            }
            spec.runs = [ScenarioRun(label: policy.rawValue, system: systemName, placement: policy.rawValue)]
        }
        if let devices { for index in spec.runs.indices { spec.runs[index].devices = devices } }
        if let batch { spec.batch = batch }
        if let lin { spec.lin = lin }
        if let lout { spec.lout = lout }
        if let lengthSpread { spec.lengthSpread = lengthSpread }
        if let requests { spec.requests = requests }
        if let qps { spec.qps = qps; spec.arrivals = nil; spec.steadyStateStages = nil }
        if let steadyStateStages { spec.steadyStateStages = steadyStateStages }
        if let seed { spec.seed = seed }
        if let routing { spec.routing = routing }
    }

    static func defaultSystem(for policy: PlacementPolicy) -> String {
        switch policy {
        case .gpu: return "h100"
        case .duplex, .duplexPE, .duplexPEET: return "duplex"
        case .bankPIM: return "bank-pim"
        case .bankgroupPIM: return "bankgroup-pim"
        }
    }

    static func defaultPlacement(for kind: MemoryProcessorKind) -> PlacementPolicy {
        switch kind {
        case .none: return .gpu
        case .logicPIM: return .duplexPE
        case .bankPIM: return .bankPIM
        case .bankGroupPIM: return .bankgroupPIM
        }
    }
}
