import Foundation
import Hardware
import Units
import Workloads

/// The `opb` point kind: one model stage's operators from the IR (as `duplexsim opb`), their
/// Op/B per class, and an operator-level roofline time of the stage on a system config with a
/// placement (each operator on the xPU or the memory-side processor, run one after another).
///
/// Devices of a parallel group run their shards at once, so an operator takes its shard's time;
/// the expert FFNs of one MoE layer run on their expert-parallel ranks at once, so the layer takes
/// its busiest rank's time (the sum of that rank's experts).
///
/// Units: the xPU at its peak FLOPS for the model's data type and its peak HBM bandwidth; the
/// memory processor at stacks x units x MACs x 2 x clock and multiplier x HBM bandwidth (the
/// derived figures of docs/hardware.md, so the TSV multiplier and the PIM clock move it);
/// collectives at the NVLink per-direction bandwidth. Roofline only: no calibrated efficiencies,
/// no overlap, no contention (those are the `replay` kind's, when the devices models land).
///
/// Shared across points: the stage operator lists (`stages`, hardware-independent) and the
/// kernel costs (`kernels`: the same shape on the same unit is timed once).
public struct OpBPointKind: PointKind {
    public let environment: SweepEnvironment
    let models: MemoCache<String, ModelConfig>
    let stages: MemoCache<StageKey, [Operator]>
    let kernels: MemoCache<KernelKey, Double>

    public init(environment: SweepEnvironment) {
        self.environment = environment
        self.models = MemoCache(name: "models")
        self.stages = MemoCache(name: "stage operators")
        self.kernels = MemoCache(name: "kernel costs")
    }

    public var name: String { "opb" }

    public var metricColumns: [String] {
        ["stage_time_us", "tokens_per_s", "xpu_ridge_opb", "pim_ridge_opb"]
            + OperatorClass.allCases.flatMap { ["\($0.rawValue)_opb", "\($0.rawValue)_time_us"] }
    }

    public var cacheStatistics: [CacheStatistics] { [kernels.statistics, stages.statistics] }

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

    public func decode(_ document: JSONValue, source: String) throws(SweepError) -> OpBPoint {
        guard case .object(var fields) = document else {
            throw SweepError(source: source, path: "", reason: "an opb point is an object, found \(document.typeName)")
        }
        var problems: [SweepProblem] = []
        func problem(_ path: String, _ reason: String) { problems.append(SweepProblem(source: source, path: path, reason: reason)) }
        let modelDocument = fields.removeValue(forKey: "model")
        let systemDocument = fields.removeValue(forKey: "system")
        if modelDocument == nil { problem("model", "required field is missing") }
        if systemDocument == nil { problem("system", "required field is missing") }
        let raw: OpBPointDocument
        do {
            raw = try StrictJSON.decode(OpBPointDocument.self, from: JSONValue.object(fields).canonicalData, source: source)
        } catch {
            throw SweepError(problems + error.problems.map { SweepProblem(source: source, path: $0.field, reason: $0.reason) })
        }
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
        let placement = RooflinePlacement(rawValue: raw.placement)
        if placement == nil { problem("placement", "must be one of \(RooflinePlacement.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(raw.placement)\"") }
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
            for item in planProblems { problem(item.field.isEmpty ? "tp" : item.field, item.reason) }
            if planProblems.isEmpty { plan = candidate }
        }
        var system: SystemConfig?
        do {
            if let systemDocument { system = try SystemConfig.decode(systemDocument.canonicalData, file: source) }
        } catch {
            for item in error.problems { problem(item.path.isEmpty ? "system" : "system.\(item.path)", item.reason) }
        }
        var xpu: RooflineUnit?
        var memoryProcessor: RooflineUnit?
        if let system, let model {
            let dataType: DataType? = switch model.dtype {
            case .fp16: .fp16
            case .bf16: .bf16
            default: nil
            }
            if let dataType {
                let link = system.links.nvlink.bandwidthPerDirection.value.bytesPerSecond
                xpu = RooflineUnit(name: "xpu", flopsPerSecond: system.device.xpu.peakFLOPS[dataType].flopsPerSecond,
                                   bytesPerSecond: system.device.xpu.peakHBMBandwidth.value.bytesPerSecond, linkBytesPerSecond: link)
                if let flops = system.device.memoryProcessorPeakFLOPS, let bandwidth = system.device.memoryProcessorInternalBandwidth {
                    memoryProcessor = RooflineUnit(name: system.device.memoryProcessor.kind.rawValue, flopsPerSecond: flops.flopsPerSecond,
                                                   bytesPerSecond: bandwidth.bytesPerSecond, linkBytesPerSecond: link)
                }
            } else {
                problem("model", "\(model.name) is \(model.dtype.rawValue); the xPU has peaks for fp16 and bf16 only")
            }
            if let placement, placement != .xpuOnly, memoryProcessor == nil {
                problem("placement", "\(placement.rawValue) needs a memory-side processor; system \(system.name) has kind none")
            }
        }
        guard problems.isEmpty, let model, let plan, let accounting, let routing, let phase, let placement, let xpu else {
            throw SweepError(problems.isEmpty ? [SweepProblem(source: source, path: "", reason: "invalid point")] : problems)
        }
        return OpBPoint(model: model, plan: plan, accounting: accounting, routing: routing, phase: phase,
                        scenario: BatchScenario(batch: raw.batch, inputLength: raw.lin, outputLength: raw.lout),
                        samples: raw.samples, seed: raw.seed, placement: placement, xpu: xpu, memoryProcessor: memoryProcessor)
    }

    public func run(_ point: OpBPoint, seed: UInt64, source: String) throws(SweepError) -> [String] {
        let routingSeed = point.seed ?? seed
        var flops: [OperatorClass: Int64] = [:]
        var bytes: [OperatorClass: Int64] = [:]
        var seconds: [OperatorClass: Double] = [:]
        var expertSeconds: [ExpertSlot: [Int: Double]] = [:]
        for sample in 0..<point.samples {
            let key = StageKey(model: point.model, plan: point.plan, accounting: point.accounting, routing: point.routing,
                               seed: routingSeed, phase: point.phase, scenario: point.scenario, sample: sample)
            let operators: [Operator]
            do {
                operators = try stages.value(for: key) { () throws(WorkloadInputError) -> [Operator] in
                    let stage = point.phase == .decode ? point.scenario.decodeStage(index: sample) : point.scenario.mixedStage(index: sample)
                    let builder = OperatorGraphBuilder(model: point.model, plan: point.plan, options: point.accounting)
                    return try builder.operators(for: stage, router: point.routing.router(seed: routingSeed))
                }
            } catch {
                throw SweepError(error.problems.map { SweepProblem(source: source, path: $0.field, reason: "\($0.source): \($0.reason)") })
            }
            for op in operators {
                let total = op.totalCost
                flops[op.opClass, default: 0] += total.flops.flops
                bytes[op.opClass, default: 0] += total.memory.total.bytes
                let unit = point.placement.onMemoryProcessor(op.opClass) ? point.memoryProcessor! : point.xpu
                let time = kernels.value(for: KernelKey(shape: op.shape, dtype: op.dtype, unit: unit)) {
                    unit.seconds(flops: op.cost.flops.flops, bytes: op.cost.memory.total.bytes, networkBytes: op.cost.networkSent.bytes)
                }
                if op.kind == .expertFFN, let expert = op.expert, let layer = op.layer {
                    let rank = point.plan.expertRank(of: expert, experts: point.model.experts)
                    expertSeconds[ExpertSlot(sample: sample, layer: layer), default: [:]][rank, default: 0] += time
                } else {
                    seconds[op.opClass, default: 0] += time
                }
            }
        }
        // Expert ranks run in parallel: a layer's expert time is its busiest rank's.
        for slot in expertSeconds.keys.sorted() {
            seconds[.moe, default: 0] += expertSeconds[slot]!.values.max()!
        }
        let samples = Double(point.samples)
        let stageSeconds = OperatorClass.allCases.reduce(0.0) { $0 + (seconds[$1] ?? 0) } / samples
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        var cells = [fixed(stageSeconds * 1e6, 4), fixed(Double(point.scenario.batch) / stageSeconds, 1),
                     fixed(point.xpu.flopsPerSecond / point.xpu.bytesPerSecond, 3),
                     point.memoryProcessor.map { fixed($0.flopsPerSecond / $0.bytesPerSecond, 3) } ?? ""]
        for opClass in OperatorClass.allCases {
            if let classFLOPs = flops[opClass], let classBytes = bytes[opClass] {
                cells += [fixed(Double(classFLOPs) / Double(classBytes), 4), fixed(seconds[opClass]! / samples * 1e6, 4)]
            } else {
                cells += ["", ""]
            }
        }
        return cells
    }

    /// A sampled stage's MoE layer, whose expert times are collected per rank.
    struct ExpertSlot: Hashable, Comparable {
        var sample: Int
        var layer: Int
        static func < (a: ExpertSlot, b: ExpertSlot) -> Bool { (a.sample, a.layer) < (b.sample, b.layer) }
    }
}
