import Units
import Workloads

/// Replays operators (a trace, or the stages a scheduler builds) on a system: every operator is
/// placed on a unit, split into tiles that book the shared resources of `DeviceResources` on
/// the event kernel, and charged energy. Stages run back to back (a stage starts when the
/// previous one has finished); inside a stage an operator starts when its dependencies have
/// finished and its resources are free.
///
/// Devices: an operator with `shards` = S runs on devices 0..<S, except an expert FFN, which runs
/// on the `expert_tp` devices of its expert-parallel rank (`ParallelismPlan.expertRank`).
/// Timing, splits and contention rules: docs/devices.md.
public struct TraceReplayer: Sendable {
    public let system: DeviceSystemModel
    public let placement: Placement
    public let plan: ParallelismPlan
    /// Experts per MoE layer of the model (0 for a dense model).
    public let experts: Int
    /// Whether stages run segment by segment, copying a segment equal to one replayed before
    /// instead of simulating it (exact: docs/devices.md, "Segment memoisation"). On by default;
    /// off replays every stage whole on the event kernel (`duplexsim replay --no-memo`).
    public var memoisesSegments = true

    /// Checks that the system can honour `placement` (a memory-side processor, of the kind the
    /// placement names) and that `plan` fits the system's devices.
    public init(system: DeviceSystemModel, placement: Placement, plan: ParallelismPlan, experts: Int) throws(WorkloadInputError) {
        var problems: [InputProblem] = []
        let kind = system.config.device.memoryProcessor.kind
        if placement.usesMemoryProcessor && kind == .none {
            problems.append(InputProblem(source: system.config.name, field: "device.memoryProcessor.kind",
                                         reason: "placement \"\(placement.name)\" needs a memory-side processor but the system has none"))
        }
        if let required = placement.requiredKind, required != kind {
            problems.append(InputProblem(source: system.config.name, field: "device.memoryProcessor.kind",
                                         reason: "placement \"\(placement.name)\" needs \(required.rawValue), the system has \(kind.rawValue)"))
        }
        let devices = system.config.deviceCount
        for (field, needed) in [("tp", plan.tensorParallel), ("ep x expert_tp", plan.expertParallel * plan.expertTensorParallel)]
            where needed > devices {
            problems.append(InputProblem(source: "plan", field: field, reason: "needs \(needed) devices, the system \(system.config.name) has \(devices)"))
        }
        if experts > 0 && experts % plan.expertParallel != 0 {
            problems.append(InputProblem(source: "plan", field: "ep", reason: "\(experts) experts do not split over \(plan.expertParallel) ranks"))
        }
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        self.system = system
        self.placement = placement
        self.plan = plan
        self.experts = experts
    }

    /// A replayer for a trace's model and parallelism.
    public init(system: DeviceSystemModel, placement: Placement, header: TraceHeader) throws(WorkloadInputError) {
        try self.init(system: system, placement: placement, plan: header.plan, experts: header.model.experts)
    }

    /// Replays `operators` (ids increasing, stages non-decreasing, dependencies on earlier ids).
    /// Throws naming the operator and field when one cannot run on this system. Builds a fresh
    /// workspace; `memoisesSegments` decides whether repeated segments are copied.
    public func run(_ operators: [Operator], source: String = "operators") throws(WorkloadInputError) -> ReplayResult {
        try replay(operators, targets: [], source: source, on: ReplayRun(system: system), memo: memoisesSegments ? SegmentMemo() : nil)
    }

    /// Replays `operators` in `session` (its workspace and segment memo; the same system).
    public func run(_ operators: [Operator], source: String = "operators", in session: ReplaySession) throws(WorkloadInputError) -> ReplayResult {
        try run(operators, targets: [], source: source, in: session)
    }

    /// Replays `operators` in `session` with an explicit target per operator (`targets[i]` for
    /// `operators[i]`; collectives always run on the links), instead of the placement's rules:
    /// the serving layer's per-stage decisions. An empty `targets` uses the placement.
    public func run(_ operators: [Operator], targets: [PlacementTarget], source: String = "operators",
                    in session: ReplaySession) throws(WorkloadInputError) -> ReplayResult {
        try run(operators, targets: targets, blockEnds: [], source: source, in: session)
    }

    /// As `run(_:targets:source:in:)`, with the list also cut into independent *blocks* at
    /// `blockEnds` (ascending operator positions, each the end of a block): a block runs like a
    /// stage of its own, from idle resources once the previous one has finished, and has one
    /// entry in `stageEnds`; a dependency on an operator of an earlier block is not waited for
    /// (as one on an earlier stage). The serving layer replays the distinct blocks of a compact
    /// stage this way (docs/serving.md, "Compact stages").
    public func run(_ operators: [Operator], targets: [PlacementTarget], blockEnds: [Int], source: String = "operators",
                    in session: ReplaySession) throws(WorkloadInputError) -> ReplayResult {
        let run = try prepare(operators, targets: targets, blockEnds: blockEnds, source: source, in: session)
        return run.execute(memo: memoisesSegments ? session.memo : nil)
    }

    /// As `run(_:targets:blockEnds:source:in:)`, keeping per operator only its unit, start, end
    /// and energy (`ReplayTimings`; the same values as the records): the serving layer's
    /// timing-only path, which never reads the records' labels and byte counts.
    public func runTimings(_ operators: [Operator], targets: [PlacementTarget], blockEnds: [Int], source: String = "operators",
                           in session: ReplaySession) throws(WorkloadInputError) -> ReplayTimings {
        let run = try prepare(operators, targets: targets, blockEnds: blockEnds, source: source, in: session)
        return run.executeTimings(memo: memoisesSegments ? session.memo : nil)
    }

    /// The session's workspace, prepared and validated for `operators` (checks as in `run`).
    private func prepare(_ operators: [Operator], targets: [PlacementTarget], blockEnds: [Int], source: String,
                         in session: ReplaySession) throws(WorkloadInputError) -> ReplayRun {
        precondition(zip(blockEnds, blockEnds.dropFirst()).allSatisfy { $0 < $1 } && blockEnds.allSatisfy { $0 > 0 && $0 <= operators.count },
                     "block ends must be ascending positions inside the list")
        precondition(session.system.kernelCosts === system.kernelCosts, "a replay session serves one system model")
        if system.memoryProcessorUnit == nil,
           let i = targets.indices.first(where: { targets[$0] == .memoryProcessor && operators[$0].opClass != .communication }) {
            throw WorkloadInputError(source: system.config.name, field: "device.memoryProcessor.kind",
                                     reason: "placement \"\(placement.name)\" needs a memory-side processor but the system has none (operator \(operators[i].id))")
        }
        let run = session.workspace
        run.prepare(replayer: self, operators: operators, targets: targets, blockEnds: blockEnds)
        try run.validate(source: source)
        return run
    }

    private func replay(_ operators: [Operator], targets: [PlacementTarget], blockEnds: [Int] = [], source: String, on run: ReplayRun,
                        memo: SegmentMemo?) throws(WorkloadInputError) -> ReplayResult {
        run.prepare(replayer: self, operators: operators, targets: targets, blockEnds: blockEnds)
        try run.validate(source: source)
        return run.execute(memo: memo)
    }
}
