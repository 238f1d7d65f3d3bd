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
}
