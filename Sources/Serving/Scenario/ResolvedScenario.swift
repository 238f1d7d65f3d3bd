import Foundation
import Hardware
import Units
import Workloads

/// A scenario checked against the model and system files: everything a run needs, or every
/// problem found (unknown model or system, batch 0, negative QPS, lengths beyond the model's
/// context, a system that cannot hold the weights, a KV cache that cannot hold one request).
public struct ResolvedScenario: Sendable {
    public let scenario: Scenario
    /// The scenario file (or "<command line>"), for reports.
    public let source: String
    public let model: ModelConfig
    public let runs: [ResolvedRun]
    public let traffic: TrafficPattern
    public let router: any ExpertRouter

    /// Where the resolver finds models and systems.
    public struct Catalogs: Sendable {
        public let models: ModelCatalog
        public let systems: SystemPresetLoader
        public init(models: ModelCatalog, systems: SystemPresetLoader) {
            self.models = models
            self.systems = systems
        }
    }

    /// Checks `scenario` (read from `source`; relative paths resolve against `directory`).
    public init(_ scenario: Scenario, source: String, directory: URL, catalogs: Catalogs) throws(WorkloadInputError) {
        func path(_ text: String) -> URL {
            text.hasPrefix("/") ? URL(fileURLWithPath: text) : directory.appendingPathComponent(text)
        }
        try self.init(scenario, source: source, directory: directory,
                      loadModel: { () throws(WorkloadInputError) -> ModelConfig in
                          scenario.model.hasSuffix(".json") ? try ModelCatalog.load(file: path(scenario.model)) : try catalogs.models.load(scenario.model)
                      },
                      loadSystem: { (run: ScenarioRun) throws(ConfigError) -> SystemConfig in
                          run.system.hasSuffix(".json") || run.system.contains("/")
                              ? try SystemConfig.load(file: path(run.system)) : try catalogs.systems.load(run.system)
                      })
    }

    /// Checks `scenario` with the model and the systems supplied by `loadModel` and `loadSystem`
    /// (called once for the scenario's model and once per run) instead of looked up by name: the
    /// `run` sweep point kind passes the configs inlined in its point documents. The checks are
    /// those of `init(_:source:directory:catalogs:)`.
    public init(_ scenario: Scenario, source: String, directory: URL,
                loadModel: () throws(WorkloadInputError) -> ModelConfig,
                loadSystem: (ScenarioRun) throws(ConfigError) -> SystemConfig) throws(WorkloadInputError) {
        var problems = scenario.problems(source: source)
        func fail(_ field: String, _ reason: String) { problems.append(InputProblem(source: source, field: field, reason: reason)) }
        func path(_ text: String) -> URL {
            text.hasPrefix("/") ? URL(fileURLWithPath: text) : directory.appendingPathComponent(text)
        }

        var model: ModelConfig?
        do {
            model = try loadModel()
        } catch {
            problems += error.problems.map { InputProblem(source: source, field: "model", reason: "\($0.source): \($0.reason)") }
        }

        var traffic = TrafficPattern.closedLoop
        if let arrivals = scenario.arrivals {
            do { traffic = .trace(try RequestTraceFile.load(path(arrivals))) } catch { problems += error.problems }
        } else if let qps = scenario.qps, qps > 0, qps.isFinite {
            traffic = .openLoop(qps: qps)
        }

        var router: (any ExpertRouter)?
        do {
            router = try RoutingPolicy(parsing: scenario.routing ?? "uniform").router(seed: scenario.seed)
        } catch {
            problems += error.problems.map { InputProblem(source: source, field: "routing", reason: $0.reason) }
        }

        // Longest reservation any request can make.
        var longest = (input: scenario.inputLength.maximum, output: scenario.outputLength.maximum)
        if case .trace(let file) = traffic {
            longest = (file.entries.map(\.inputTokens).max() ?? 1, file.entries.map(\.outputTokens).max() ?? 1)
        }
        if let model, let limit = model.maxContext, longest.input + longest.output > limit {
            fail(scenario.arrivals == nil ? "lin" : "arrivals",
                 "requests of up to \(longest.input) + \(longest.output) tokens exceed the \(limit)-token context of \(model.name)"
                 + ((scenario.lengthSpread ?? 0) > 0 && scenario.arrivals == nil ? " (a Gaussian length spread draws up to 2x the nominal lengths)" : ""))
        }

        var runs: [ResolvedRun] = []
        if let model, scenario.batch >= 1 {
            for (index, run) in scenario.runs.enumerated() {
                guard let policy = PlacementPolicy(rawValue: run.placement) else { continue }
                let field = "runs[\(index)]"
                var system: SystemConfig
                do {
                    system = try loadSystem(run)
                } catch {
                    problems += error.problems.map { InputProblem(source: source, field: "\(field).system", reason: "\(error.file): \($0)") }
                    continue
                }
                if let devices = run.devices, devices >= 1 {
                    let perNode = min(devices, PaperDeployment.devicesPerNode)
                    guard devices % perNode == 0 else {
                        fail("\(field).devices", "\(devices) devices do not fill nodes of \(PaperDeployment.devicesPerNode)")
                        continue
                    }
                    let origin = "scenario \(source): \(devices) devices, nodes of up to \(PaperDeployment.devicesPerNode) filled first"
                    system.nodes = Sourced(devices / perNode, source: origin)
                    system.devicesPerNode = Sourced(perNode, source: origin)
                }
                do {
                    let deployment = try ServingDeployment(model: model, system: system, policy: policy, source: "\(source) \(field)")
                    let limit = deployment.batchLimit(maxBatch: scenario.batch, reservedTokens: scenario.inputLength.nominal + scenario.outputLength.nominal)
                    if deployment.kvCapacityTokens < longest.input + longest.output {
                        fail("\(field).system", "the KV cache of \(system.name) (\(deployment.kvCapacityTokens) tokens next to the weights) cannot hold one request of \(longest.input + longest.output) tokens")
                    } else if limit.effective < 1 {
                        fail("\(field).system", limit.explanation)
                    } else {
                        runs.append(ResolvedRun(label: run.label, deployment: deployment, batchLimit: limit))
                    }
                } catch {
                    problems += error.problems
                }
            }
        }
        guard problems.isEmpty, let model, let router else { throw WorkloadInputError(problems.isEmpty ? [InputProblem(source: source, field: "", reason: "cannot be resolved")] : problems) }
        self.scenario = scenario
        self.source = source
        self.model = model
        self.runs = runs
        self.traffic = traffic
        self.router = router
    }

    /// The request source of every run (each run starts from the same seed, so all systems see
    /// the same requests).
    /// A steady-state window creates as many replacements as it needs (at most batch per stage).
    public var requestSource: RequestSource {
        let requests = scenario.steadyStateStages.map { scenario.batch * ($0 + 1) } ?? scenario.requests
        return RequestSource(pattern: traffic, requests: requests, inputLength: scenario.inputLength,
                             outputLength: scenario.outputLength, seed: scenario.seed)
    }
}
