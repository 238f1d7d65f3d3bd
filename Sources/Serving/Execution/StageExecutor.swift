import Hardware
import Units
import Workloads

/// Times stages: the scheduler calls `execute` once per stage, in stage order.
///
/// The product implementation runs the stage's operators on the event kernel through the device
/// models (transaction level: tiles on xPU, PIM, bank bundles and links, with contention); the
/// scheduler never sums per-operator rooflines itself. Implementations must be deterministic:
/// the same work gives the same result.
public protocol StageExecutor {
    /// Runs one stage and reports its duration, per-operator timings and energy.
    mutating func execute(_ work: StageWork) throws -> StageExecution

    /// The time `op` takes alone on `unit` with nothing else running (a microbenchmark of the
    /// device model). Expert co-processing builds its per-expert cost table from this.
    mutating func isolatedTime(of op: Operator, on unit: ExecutionUnit, plan: ParallelismPlan) throws -> SimTime

    /// Times a stage given in compact form and returns only what its stage record keeps (no
    /// per-operator results). Must equal `StageTiming(execute(work.expanded()), ...)`, which is
    /// the default; an executor whose blocks time alike wherever they run (the device models:
    /// each block starts with idle resources) replays each distinct block once.
    mutating func timing(of work: CompactStageWork) throws -> StageTiming
}

extension StageExecutor {
    /// Expands the stage and executes it whole.
    public mutating func timing(of work: CompactStageWork) throws -> StageTiming {
        let full = work.expanded()
        return StageTiming(try execute(full), operators: full.operators, classes: EnergyClass.classify(full.operators))
    }
}
