import SimKernel
import Foundation
import Hardware
import Serving
import Units
import Workloads

/// The `run` point kind: each point is one run of a serving scenario (docs/serving.md), served by
/// the Serving module exactly as `duplexsim run` serves it: `ResolvedScenario` checks it,
/// `ServingSimulation.run` drives the continuous-batching scheduler and `DeviceStageExecutor`
/// times every stage on the transaction-level device models (built by
/// `DeviceSystemModel.load` with its defaults, as `DeviceStageExecutor.load` does).
///
/// Document (docs/sweeps.md, "run"): the scenario's fields (`model`, `batch`, `lin`, `lout`,
/// `length_spread`, `requests`, `qps`, `routing`, `seed`, `steady_state_stages`, `description`)
/// with the one run's `system`, `placement` and `devices` at the top level. A scenario with a
/// `runs` array of exactly one entry is accepted and lifted. Normalisation inlines the model and
/// the system preset so axis paths such as `system.device.memoryProcessor.clock` or
/// `model.kv_heads` address their fields. `seed` absent: the point's seed.
///
/// Shared across points: device system models by (system document, devices), as `replay` shares
/// them (calibration and DRAM path measurement once per distinct system).
public struct RunPointKind: PointKind {
    let stage: StagePointDecoder
    let systems: MemoCache<String, DeviceSystemModel>
    let calibrationDirectory: URL

    public init(environment: SweepEnvironment) {
        self.stage = StagePointDecoder(environment: environment)
        self.systems = MemoCache(name: "device system models")
        self.calibrationDirectory = environment.calibrationDirectory
    }

    public var name: String { "run" }

    public var metricColumns: [String] {
        ["tokens_per_s", "requests_per_s", "makespan_s", "generated_tokens", "measured_requests", "batch_effective",
         "t2ft_mean_ms", "t2ft_p50_ms", "t2ft_p90_ms", "t2ft_p99_ms",
         "tbt_mean_ms", "tbt_p50_ms", "tbt_p90_ms", "tbt_p99_ms",
         "e2e_mean_ms", "e2e_p50_ms", "e2e_p90_ms", "e2e_p99_ms",
         "stages_mixed", "stages_decode", "mean_batch"]
            + ExecutionUnit.allCases.map { "utilisation_\($0.rawValue)" }
            + ["energy_per_token_mJ"] + EnergyClass.allCases.map { "energy_\($0.rawValue)_per_token_mJ" }
    }

    public var cacheStatistics: [CacheStatistics] {
        [systems.statistics] + KernelCostCache.combined(systems.values.map(\.kernelCosts))
    }

    /// Lifts a one-entry `runs` array to the top level, then inlines `model` and `system` names.
    public func normalize(_ document: JSONValue, source: String) throws(SweepError) -> JSONValue {
        guard case .object(var members) = document else { return document }
        if let runs = members.removeValue(forKey: "runs") {
            guard case .array(let entries) = runs, entries.count == 1, case .object(let run) = entries[0] else {
                throw SweepError(source: source, path: "runs",
                                 reason: "a run point serves one system: runs must be an array of exactly one object (make system or placement an axis to compare systems)")
            }
            for (key, value) in run where key != "label" {
                guard members[key] == nil else {
                    throw SweepError(source: source, path: "runs[0].\(key)", reason: "also given at the top level of the point")
                }
                members[key] = value
            }
        }
        return try stage.normalize(.object(members), source: source)
    }

    public func decode(_ document: JSONValue, source: String) throws(SweepError) -> RunPoint {
        let parts = try InlinedPointDocument<RunPointDocument>(document, kind: "run", source: source)
        let raw = parts.raw, modelDocument = parts.modelDocument, systemDocument = parts.systemDocument
        var problems = parts.problems
        func problem(_ path: String, _ reason: String) { problems.append(SweepProblem(source: source, path: path, reason: reason)) }
        var model: ModelConfig?
        do {
            if let modelDocument {
                model = try StrictJSON.decode(ModelConfig.self, from: modelDocument.canonicalData, source: source).validated(source: source)
            }
        } catch {
            for item in error.problems { problem(item.field.isEmpty ? "model" : "model.\(item.field)", item.reason) }
        }
        var system: SystemConfig?
        do {
            if let systemDocument { system = try SystemConfig.decode(systemDocument.canonicalData, file: source) }
        } catch {
            for item in error.problems { problem(item.path.isEmpty ? "system" : "system.\(item.path)", item.reason) }
        }
        guard problems.isEmpty, let model, let system, let systemDocument else {
            throw SweepError(problems.isEmpty ? [SweepProblem(source: source, path: "", reason: "invalid point")] : problems)
        }
        let scenario = Scenario(description: raw.description ?? "sweep point", model: model.name,
                                runs: [ScenarioRun(label: raw.placement, system: system.name, placement: raw.placement, devices: raw.devices)],
                                batch: raw.batch, lin: raw.lin, lout: raw.lout, lengthSpread: raw.lengthSpread, requests: raw.requests,
                                qps: raw.qps, arrivals: nil, routing: raw.routing, seed: raw.seed ?? 0, steadyStateStages: raw.steadyStateStages)
        let point = RunPoint(scenario: scenario, seedFixed: raw.seed != nil, model: model, system: system,
                             systemKey: "\(raw.devices.map(String.init) ?? "-") " + systemDocument.canonicalText)
        _ = try resolve(point, source: source)
        return point
    }

    /// The point's scenario checked by the Serving module against its inlined model and system.
    func resolve(_ point: RunPoint, source: String) throws(SweepError) -> ResolvedScenario {
        do {
            return try ResolvedScenario(point.scenario, source: source, directory: URL(fileURLWithPath: "/", isDirectory: true),
                                        loadModel: { () throws(WorkloadInputError) -> ModelConfig in point.model },
                                        loadSystem: { (_: ScenarioRun) throws(ConfigError) -> SystemConfig in point.system })
        } catch {
            throw SweepError(error.problems.map { SweepProblem(source: source, path: RunPointKind.documentPath($0.field), reason: $0.reason) })
        }
    }

    /// A scenario field as a point document path (`runs[0].system` -> `system`).
    static func documentPath(_ field: String) -> String {
        field.hasPrefix("runs[0].") ? String(field.dropFirst("runs[0].".count)) : field
    }

    public func run(_ point: RunPoint, seed: UInt64, source: String) throws(SweepError) -> [String] {
        var seeded = point
        if !point.seedFixed { seeded.scenario.seed = seed }
        let resolved = try resolve(seeded, source: source)
        guard let run = resolved.runs.first else {
            preconditionFailure("a resolved run point has its one run")
        }
        let result: ServingResult
        do {
            let system = try systems.value(for: point.systemKey) { () throws -> DeviceSystemModel in
                try DeviceSystemModel.load(config: run.deployment.system, calibrationDirectory: calibrationDirectory)
            }
            var executor = DeviceStageExecutor(system: system, model: run.deployment.model)
            result = try ServingSimulation.run(run, of: resolved, executor: &executor)
        } catch let error as WorkloadInputError {
            throw SweepError(error.problems.map { SweepProblem(source: source, path: RunPointKind.documentPath($0.field), reason: "\($0.source): \($0.reason)") })
        } catch {
            throw SweepError(source: source, path: "", reason: "the serving simulation failed: \(error)")
        }
        let m = result.metrics, limit = result.trace.batchLimit
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        func ms(_ t: SimTime) -> String { String(format: "%.6f", t.seconds * 1e3) }
        func mJ(_ e: Energy) -> String { String(format: "%.6f", e.millijoules) }
        var cells = [fixed(m.tokensPerSecond, 3), fixed(m.requestsPerSecond, 6), String(format: "%.9f", m.makespan.seconds),
                     "\(m.generatedTokens)", "\(m.measuredRequests)", "\(limit.effective)"]
        for summary in [m.timeToFirstToken, m.timeBetweenTokens, m.endToEnd] {
            cells += [ms(summary.mean), ms(summary.p50), ms(summary.p90), ms(summary.p99)]
        }
        cells += ["\(m.stagesByKind[.mixed])", "\(m.stagesByKind[.decode])", fixed(m.meanBatch, 3)]
        cells += m.utilisation.values.map { fixed($0, 4) }
        let perToken = 1 / Double(max(m.generatedTokens, 1))
        cells.append(mJ(m.energyPerToken))
        cells += m.energy.values.map { mJ($0.total * perToken) }
        return cells
    }
}
