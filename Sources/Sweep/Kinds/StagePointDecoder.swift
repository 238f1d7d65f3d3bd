import SimKernel
import Foundation
import Hardware
import Units
import Workloads

/// Normalises and decodes the documents of stage points (docs/sweeps.md, "opb"): inlines model
/// and system names, decodes the scalar fields strictly (`StagePointDocument`), the model and the
/// system with their own strict decoders, and collects every problem with its document path.
/// Shared by the stage point kinds; holds the caches they share across points (decoded models,
/// stage operator lists), which are thread-safe and pure.
public struct StagePointDecoder: Sendable {
    public let environment: SweepEnvironment
    let models: MemoCache<String, ModelConfig>
    let stages: MemoCache<StageKey, [Operator]>

    public init(environment: SweepEnvironment) {
        self.environment = environment
        self.models = MemoCache(name: "models")
        self.stages = MemoCache(name: "stage operators")
    }

    /// Statistics of the stage-operator cache.
    public var stageStatistics: CacheStatistics { stages.statistics }

    public func normalize(_ document: JSONValue, source: String) throws(SweepError) -> JSONValue {
        guard case .object(var members) = document else { return document }
        if case .string(let name)? = members["system"] {
            members["system"] = try inline(name, directory: environment.systemsDirectory, field: "system", what: "system preset", source: source)
        }
        if case .string(let name)? = members["model"] {
            members["model"] = try inline(name, directory: environment.modelsDirectory, field: "model", what: "model", source: source)
        }
        return .object(members)
    }

    /// The JSON of `<directory>/<name>.json`, or of the file `name` when it ends in .json or holds a "/".
    func inline(_ name: String, directory: URL, field: String, what: String, source: String) throws(SweepError) -> JSONValue {
        let file = name.hasSuffix(".json") || name.contains("/") ? URL(fileURLWithPath: name) : directory.appendingPathComponent("\(name).json")
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            let known: String
            do {
                known = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
                    .map { String($0.dropLast(5)) }.sorted().joined(separator: ", ")
            } catch {
                known = "cannot list \(directory.path)"
            }
            throw SweepError(source: source, path: field, reason: "no \(what) \"\(name)\" (\(file.path)); known: \(known)")
        }
        return try JSONValue.parse(data, source: file.path)
    }

    public func decode(_ document: JSONValue, source: String) throws(SweepError) -> StageWorkload {
        let parts = try InlinedPointDocument<StagePointDocument>(document, kind: "stage", source: source)
        let raw = parts.raw, modelDocument = parts.modelDocument, systemDocument = parts.systemDocument
        var problems = parts.problems
        func problem(_ path: String, _ reason: String) { problems.append(SweepProblem(source: source, path: path, reason: reason)) }
        let phase = OpBPhase(rawValue: raw.phase)
        if phase == nil { problem("phase", "must be decode or mixed, got \"\(raw.phase)\"") }
        for (field, value) in [("batch", raw.batch), ("lin", raw.lin), ("lout", raw.lout), ("samples", raw.samples)] where value < 1 {
            problem(field, "must be positive, got \(value)")
        }
        let accounting: AccountingOptions? = switch raw.accounting {
        case "paper": .paper
        case "fused": .fused
        case "materialized": .materialized
        default: nil
        }
        if accounting == nil { problem("accounting", "must be paper, fused or materialized, got \"\(raw.accounting)\"") }
        var routing: RoutingPolicy?
        do {
            routing = try RoutingPolicy(parsing: raw.routing)
        } catch {
            problem("routing", error.problems.map(\.reason).joined(separator: "; "))
        }
        var model: ModelConfig?
        do {
            if let modelDocument {
                let text = modelDocument.canonicalText
                model = try models.value(for: text) { () throws(WorkloadInputError) -> ModelConfig in
                    try StrictJSON.decode(ModelConfig.self, from: Data(text.utf8), source: source).validated(source: source)
                }
            }
        } catch {
            for item in error.problems { problem(item.field.isEmpty ? "model" : "model.\(item.field)", item.reason) }
        }
        var plan: ParallelismPlan?
        if let model {
            if let devices = raw.devices, devices < 1 { problem("devices", "must be positive, got \(devices)") }
            var candidate = PaperDeployment.plan(for: model, devices: raw.devices.map { max($0, 1) })
            if let tp = raw.tp { candidate.tensorParallel = tp }
            if let ep = raw.ep { candidate.expertParallel = ep }
            if let expertTp = raw.expertTp { candidate.expertTensorParallel = expertTp }
            let planProblems = candidate.problems(for: model, source: source)
            // ParallelismPlan names its fields as in the model files (expert_tp); the document says expertTp.
            for item in planProblems { problem(item.field.isEmpty || item.field == "tp" ? "tp" : item.field == "expert_tp" ? "expertTp" : item.field, item.reason) }
            if planProblems.isEmpty { plan = candidate }
        }
        var system: SystemConfig?
        do {
            if let systemDocument { system = try SystemConfig.decode(systemDocument.canonicalData, file: source) }
        } catch {
            for item in error.problems { problem(item.path.isEmpty ? "system" : "system.\(item.path)", item.reason) }
        }
        guard problems.isEmpty, let model, let plan, let accounting, let routing, let phase, let system else {
            throw SweepError(problems.isEmpty ? [SweepProblem(source: source, path: "", reason: "invalid point")] : problems)
        }
        return StageWorkload(model: model, plan: plan, accounting: accounting, routing: routing, phase: phase,
                             scenario: BatchScenario(batch: raw.batch, inputLength: raw.lin, outputLength: raw.lout),
                             samples: raw.samples, seed: raw.seed, placement: raw.placement, memoryRates: raw.memoryRates, system: system)
    }

    /// The operators of sampled stage `sample` of `workload` routed with `seed`, from the shared
    /// stage cache (operator lists do not depend on hardware).
    public func operators(_ workload: StageWorkload, sample: Int, seed: UInt64, source: String) throws(SweepError) -> [Operator] {
        let key = StageKey(model: workload.model, plan: workload.plan, accounting: workload.accounting, routing: workload.routing,
                           seed: seed, phase: workload.phase, scenario: workload.scenario, sample: sample)
        do {
            return try stages.value(for: key) { () throws(WorkloadInputError) -> [Operator] in
                let stage = workload.phase == .decode ? workload.scenario.decodeStage(index: sample) : workload.scenario.mixedStage(index: sample)
                let builder = OperatorGraphBuilder(model: workload.model, plan: workload.plan, options: workload.accounting)
                return try builder.operators(for: stage, router: workload.routing.router(seed: seed))
            }
        } catch {
            throw SweepError(error.problems.map { SweepProblem(source: source, path: $0.field, reason: "\($0.source): \($0.reason)") })
        }
    }
}
