import Foundation
import Hardware
import Units
import Workloads

/// The product stage executor: each stage's operators run on the event kernel through the
/// transaction-level device models of the Hardware module (`TraceReplayer`): tiles book the xPU,
/// the bank bundles of their memory spaces, the PIM units, softmax units and links of every
/// device, so contention and co-processing overlap are simulated, not summed. The scheduler's
/// per-operator placement is handed over as explicit operator targets.
public struct DeviceStageExecutor: StageExecutor {
    public let system: DeviceSystemModel
    /// Experts per MoE layer of the served model (0 for dense), for the expert-rank layout.
    public let experts: Int
    /// Stages replayed and kernel events executed so far (for benchmarks).
    public private(set) var stagesExecuted = 0
    public private(set) var events: Int64 = 0

    public init(system: DeviceSystemModel, model: ModelConfig) {
        self.system = system
        self.experts = model.experts
    }

    /// The device model of `deployment`'s system (`DeviceSystemModel.load`: the xPU calibrated from
    /// `calibrationDirectory`, the memory paths of the HBM organisation).
    public static func load(_ deployment: ServingDeployment, calibrationDirectory: URL) throws -> DeviceStageExecutor {
        let system = try DeviceSystemModel.load(config: deployment.system, calibrationDirectory: calibrationDirectory)
        return DeviceStageExecutor(system: system, model: deployment.model)
    }

    public mutating func execute(_ work: StageWork) throws -> StageExecution {
        var targets: [Int: PlacementTarget] = [:]
        targets.reserveCapacity(work.operators.count)
        for (op, placement) in zip(work.operators, work.placement.assignments) where placement.unit != .network {
            targets[op.id] = placement.unit.isMemoryProcessor ? .memoryProcessor : .xpu
        }
        let placement = Placement(name: "serving stage \(work.stage.index)", rules: [], operatorTargets: targets)
        let replayer = try TraceReplayer(system: system, placement: placement, plan: work.plan, experts: experts)
        let result = try replayer.run(work.operators, source: "stage \(work.stage.index)")
        precondition(result.records.count == work.operators.count, "the replay returned \(result.records.count) of \(work.operators.count) operators")
        stagesExecuted += 1
        events += result.events
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

    /// `op` alone (no dependencies, nothing else running) on `unit` of an otherwise idle system.
    public mutating func isolatedTime(of op: Operator, on unit: ExecutionUnit, plan: ParallelismPlan) throws -> SimTime {
        var alone = op
        alone.dependencies = []
        let target: PlacementTarget = unit.isMemoryProcessor ? .memoryProcessor : .xpu
        let replayer = try TraceReplayer(system: system, placement: .all(on: target), plan: plan, experts: experts)
        return try replayer.run([alone], source: "isolated \(op.kind.rawValue)").makespan
    }
}
