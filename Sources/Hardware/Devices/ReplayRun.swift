import SimKernel
import Units
import Workloads

/// One replay in progress: the simulator, the devices' resources and the per-operator state.
/// Owned by `TraceReplayer.run`; not reused.
final class ReplayRun {
    let replayer: TraceReplayer
    let system: DeviceSystemModel
    let operators: [Operator]
    let simulator = Simulator()
    private(set) var devices: [DeviceResources] = []
    var records: [OperatorRecord?]
    var bookings: Int64 = 0
    /// Unfinished dependencies of each operator (inside its stage).
    private var pending: [Int]
    /// Operators waiting on each operator (inside its stage).
    private var dependents: [[Int]]
    /// Whether each stage is decode-only, by stage number.
    private var decodeOnly: [Int: Bool] = [:]
    private var placements: [PlacementTarget] = []
    private var dtypes: [DataType] = []

    init(replayer: TraceReplayer, operators: [Operator]) {
        self.replayer = replayer
        self.system = replayer.system
        self.operators = operators
        records = Array(repeating: nil, count: operators.count)
        pending = Array(repeating: 0, count: operators.count)
        dependents = Array(repeating: [], count: operators.count)
    }

    // MARK: - Validation

    /// Checks ids, stages, dependencies, data types and device counts; builds the dependency graph.
    func validate(source: String) throws(WorkloadInputError) {
        var problems: [InputProblem] = []
        func fail(_ op: Operator, _ field: String, _ reason: String) {
            problems.append(InputProblem(source: "\(source): operator \(op.id)", field: field, reason: reason))
        }
        let deviceCount = system.config.deviceCount
        for (i, op) in operators.enumerated() {
            if i > 0 {
                let previous = operators[i - 1]
                if op.id <= previous.id { fail(op, "id", "does not increase (previous id \(previous.id))") }
                if op.stage < previous.stage { fail(op, "stage", "\(op.stage) goes back (previous stage \(previous.stage))") }
            }
            switch op.dtype {
            case .fp16: dtypes.append(.fp16)
            case .bf16: dtypes.append(.bf16)
            case .fp32, .fp8:
                dtypes.append(.fp16)
                fail(op, "dtype", "\(op.dtype.rawValue) is not modelled; the devices time fp16 and bf16")
            }
            let range = deviceRange(of: op)
            if range.upperBound > deviceCount {
                fail(op, "shards", "runs on devices \(range.lowerBound)..<\(range.upperBound) but \(system.config.name) has \(deviceCount)")
            }
            if op.kind == .expertFFN, replayer.experts > 0, let e = op.expert, e >= replayer.experts {
                fail(op, "expert", "\(e) is outside the model's \(replayer.experts) experts")
            }
        }
        for op in operators {
            if case .attention(let shape) = op.shape, shape.newTokens > 1 { decodeOnly[op.stage] = false }
            else if decodeOnly[op.stage] == nil { decodeOnly[op.stage] = true }
        }
        for (i, op) in operators.enumerated() {
            for dep in op.dependencies {
                guard let j = index(ofID: dep, before: i) else {
                    fail(op, "dependencies", "\(dep) is not an earlier operator")
                    continue
                }
                if operators[j].stage == op.stage {
                    pending[i] += 1
                    dependents[j].append(i)
                }
            }
            let target = replayer.placement.target(of: op, decodeOnlyStage: decodeOnly[op.stage] ?? true)
            placements.append(op.opClass == .communication ? .xpu : target)
        }
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        let pim = system.config.device.memoryProcessor.pim != nil
        devices = (0..<deviceCount).map {
            DeviceResources(device: $0, stacks: system.stacks, spaces: system.memory.bundleSpaces,
                            memoryProcessor: pim, simulator: simulator)
        }
    }

    /// The index of the operator with id `id` among the first `limit` (ids increase), or nil.
    private func index(ofID id: Int, before limit: Int) -> Int? {
        var low = 0, high = limit
        while low < high {
            let mid = (low + high) / 2
            if operators[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < limit && operators[low].id == id ? low : nil
    }

    /// The devices that run a shard of `op`.
    func deviceRange(of op: Operator) -> Range<Int> {
        if op.kind == .expertFFN, let e = op.expert, replayer.experts > 0, replayer.experts % replayer.plan.expertParallel == 0,
           e < replayer.experts {
            let rank = replayer.plan.expertRank(of: e, experts: replayer.experts)
            return rank * op.shards ..< (rank + 1) * op.shards
        }
        return 0..<op.shards
    }

    // MARK: - Execution

    /// Runs every stage to completion and collects the records.
    func execute() -> ReplayResult {
        var stageEnds: [(stage: Int, end: SimTime)] = []
        var first = 0
        var stageStart = SimTime.zero
        while first < operators.count {
            let stage = operators[first].stage
            var last = first
            while last + 1 < operators.count && operators[last + 1].stage == stage { last += 1 }
            for i in first...last where pending[i] == 0 { start(i, at: stageStart) }
            simulator.run()
            var end = stageStart
            for i in first...last {
                guard let record = records[i] else { preconditionFailure("operator \(operators[i].id) never ran (dependency cycle)") }
                end = max(end, record.end)
            }
            stageEnds.append((stage, end))
            stageStart = end
            first = last + 1
        }
        return ReplayResult(systemName: system.config.name, placementName: replayer.placement.name,
                            memorySource: system.memory.source, records: records.map { $0! }, stageEnds: stageEnds,
                            events: simulator.executedEventCount, bookings: bookings)
    }

    /// Books operator `i` on its unit(s) no earlier than `ready` and schedules its completion.
    private func start(_ i: Int, at ready: SimTime) {
        let op = operators[i]
        let timed: TimedOperator
        if op.opClass == .communication {
            timed = bookCollective(op, dtype: dtypes[i], ready: ready)
        } else if placements[i] == .memoryProcessor, let unit = system.memoryProcessorUnit {
            timed = bookMemoryProcessor(op, unit: unit, dtype: dtypes[i], ready: ready)
        } else {
            timed = bookXPU(op, dtype: dtypes[i], ready: ready)
        }
        let range = deviceRange(of: op)
        records[i] = OperatorRecord(id: op.id, stage: op.stage, layer: op.layer, kind: op.kind, opClass: op.opClass,
                                    unit: timed.unit, devices: range.count, start: timed.start, end: timed.end,
                                    bytes: op.cost.memory.total, movedBytes: timed.movedBytes, flops: op.cost.flops,
                                    networkBytes: op.cost.networkSent, energy: timed.energyPerShard * Double(range.count))
        simulator.schedule(at: timed.end, priority: .release) { [unowned self] in self.finish(i) }
    }

    /// Releases the dependents of operator `i` (called at its end time).
    private func finish(_ i: Int) {
        for j in dependents[i] {
            pending[j] -= 1
            if pending[j] == 0 { start(j, at: simulator.now) }
        }
    }

    /// Books `resources` jointly and counts the booking.
    @discardableResult
    func reserve(_ resources: [Resource], for duration: SimTime, notBefore ready: SimTime) -> (start: SimTime, end: SimTime) {
        bookings += 1
        return Resource.reserve(resources, for: duration, notBefore: ready)
    }

    /// The bundle spaces an operator's data lives in, as a bit mask (docs/devices.md): expert e
    /// in space e mod S; decode KV of request r in space r mod (S - 1); prefill attention in the
    /// last space; weights and activations of everything else striped over all spaces.
    func spaceMask(of op: Operator) -> Int {
        let spaces = system.memory.bundleSpaces
        switch op.kind {
        case .expertFFN:
            if let e = op.expert { return 1 << (e % spaces) }
        case .attention:
            if case .attention(let shape) = op.shape {
                if shape.newTokens == 1 { return 1 << ((op.request ?? op.id) % (spaces - 1)) }
                return 1 << (spaces - 1)
            }
        default:
            break
        }
        return (1 << spaces) - 1
    }
}

/// The cache key of per-shape costs.
struct ShapeKey: Hashable, Sendable {
    var shape: OperatorShape
    var dtype: DType
    var interleaved = false
}

/// What booking one operator produced, before it becomes a record.
struct TimedOperator {
    var unit: ExecutionUnit
    var start: SimTime
    var end: SimTime
    /// Bytes moved per shard.
    var movedBytes: ByteCount
    var energyPerShard: EnergyBreakdown
}
