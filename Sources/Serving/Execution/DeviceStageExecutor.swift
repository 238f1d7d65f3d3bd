import Foundation
import Hardware
import SimKernel
import Units
import Workloads

/// The product stage executor: each stage's operators run on the event kernel through the
/// transaction-level device models of the Hardware module (`TraceReplayer`): tiles book the xPU,
/// the bank bundles of their memory spaces, the PIM units, softmax units and links of every
/// device, so contention and co-processing overlap are simulated, not summed. The scheduler's
/// per-operator placement is handed over as explicit operator targets.
///
/// Every stage and every isolated timing replays in one `ReplaySession` (resources and buffers
/// built once; a segment equal to one replayed before is copied: docs/devices.md, "Segment
/// memoisation"), with results identical to fresh replays. Copies of an executor share the
/// session; use one executor per thread.
public struct DeviceStageExecutor: StageExecutor {
    public let system: DeviceSystemModel
    /// Experts per MoE layer of the served model (0 for dense), for the expert-rank layout.
    public let experts: Int
    /// Whether replays copy repeated segments (exact; off for checking).
    public var memoisesSegments = true
    /// Stages replayed, kernel events executed (simulated) and segment reuse so far (for benchmarks).
    public private(set) var stagesExecuted = 0
    public private(set) var events: Int64 = 0
    public private(set) var reuse = SegmentReuse()
    private let session: ReplaySession
    /// Isolated times by operator content, unit and plan (the expert cost table asks once per
    /// shape and unit; distinct experts of one shape repeat).
    private let isolated = IsolatedTimes()

    public init(system: DeviceSystemModel, model: ModelConfig) {
        self.system = system
        self.experts = model.experts
        session = ReplaySession(system: system)
    }

    /// The device model of `deployment`'s system (`DeviceSystemModel.load`: the xPU calibrated from
    /// `calibrationDirectory`, the memory paths of the HBM organisation).
    public static func load(_ deployment: ServingDeployment, calibrationDirectory: URL) throws -> DeviceStageExecutor {
        let system = try DeviceSystemModel.load(config: deployment.system, calibrationDirectory: calibrationDirectory)
        return DeviceStageExecutor(system: system, model: deployment.model)
    }

    /// Segment-memo lookups and hits over this executor's replays.
    public var segmentStatistics: CacheStatistics { session.segmentStatistics }

    /// The replayer of one serving stage and the target of each placed operator (the memory-side
    /// processor or the xPU), in `placement`'s order.
    private func stageReplayer(stage: Stage, placement: StagePlacement, plan: ParallelismPlan) throws
        -> (replayer: TraceReplayer, targets: [PlacementTarget]) {
        var targets: [PlacementTarget] = []
        targets.reserveCapacity(placement.assignments.count)
        for assignment in placement.assignments {
            targets.append(assignment.unit.isMemoryProcessor ? .memoryProcessor : .xpu)
        }
        var replayer = try TraceReplayer(system: system, placement: Placement(name: "serving stage \(stage.index)", rules: []),
                                         plan: plan, experts: experts)
        replayer.memoisesSegments = memoisesSegments
        return (replayer, targets)
    }

    public mutating func execute(_ work: StageWork) throws -> StageExecution {
        let (replayer, targets) = try stageReplayer(stage: work.stage, placement: work.placement, plan: work.plan)
        let result = try replayer.run(work.operators, targets: targets, source: "stage \(work.stage.index)", in: session)
        precondition(result.records.count == work.operators.count, "the replay returned \(result.records.count) of \(work.operators.count) operators")
        stagesExecuted += 1
        events += result.events
        reuse += result.reuse
        var runs: [OperatorExecution] = []
        runs.reserveCapacity(result.records.count)
        for (op, record) in zip(work.operators, result.records) {
            precondition(record.id == op.id, "replay records out of operator order")
            runs.append(OperatorExecution(operatorID: record.id, unit: record.unit, start: record.start, end: record.end,
                                          energy: EnergyComponents(dram: record.energy.dram, compute: record.energy.compute + record.energy.sram,
                                                                   communication: record.energy.link)))
        }
        return StageExecution(duration: result.makespan, operators: runs)
    }

    /// The compact stage's distinct blocks replayed once each, as independent blocks of one
    /// replay (`TraceReplayer.run(_:targets:blockEnds:source:in:)`): every block of a stage
    /// starts at an operator every earlier one reaches, so it starts with idle resources and its
    /// timings relative to its start do not depend on where it runs (the argument of the segment
    /// memo, docs/devices.md); a repeated block's occurrences are the same replay. Equal to the
    /// expanded stage's `execute` (tested).
    public mutating func timing(of work: CompactStageWork) throws -> StageTiming {
        let compact = work.compact
        let (replayer, targets) = try stageReplayer(stage: work.stage, placement: work.placement, plan: work.plan)
        let result = try replayer.runTimings(compact.operators, targets: targets, blockEnds: compact.blocks.map(\.upperBound),
                                             source: "stage \(work.stage.index)", in: session)
        precondition(result.operators.count == compact.operators.count && result.stageEnds.count == compact.blocks.count,
                     "the replay returned \(result.operators.count) operators in \(result.stageEnds.count) blocks")
        stagesExecuted += 1
        events += result.events
        reuse += result.reuse
        var durations: [SimTime] = []
        durations.reserveCapacity(compact.blocks.count)
        var blockStart = SimTime.zero
        for end in result.stageEnds {
            durations.append(end - blockStart)
            blockStart = end
        }
        return StageTiming(compact: work, timings: result.operators, blockDurations: durations)
    }

    /// `op` alone (no dependencies, nothing else running) on `unit` of an otherwise idle system.
    /// Memoised by what determines it (`IsolatedTimes.Key`); a miss replays it in the session.
    public mutating func isolatedTime(of op: Operator, on unit: ExecutionUnit, plan: ParallelismPlan) throws -> SimTime {
        let target: PlacementTarget = unit.isMemoryProcessor ? .memoryProcessor : .xpu
        let key = IsolatedTimes.Key(op: op, target: target, plan: plan)
        if let known = isolated.times[key] { return known }
        var alone = op
        alone.dependencies = []
        var replayer = try TraceReplayer(system: system, placement: .all(on: target), plan: plan, experts: experts)
        replayer.memoisesSegments = memoisesSegments
        let result = try replayer.run([alone], source: "isolated \(op.kind.rawValue)", in: session)
        isolated.times[key] = result.makespan
        return result.makespan
    }
}
