import Workloads

/// What the scheduler hands the executor for one stage: the batch, its operators (one model
/// replica, dependency order, per-shard shapes) and where each runs.
public struct StageWork: Sendable {
    public let stage: Stage
    public let operators: [Operator]
    public let placement: StagePlacement
    /// The parallel layout the operators were built for.
    public let plan: ParallelismPlan

    public init(stage: Stage, operators: [Operator], placement: StagePlacement, plan: ParallelismPlan) {
        precondition(placement.assignments.count == operators.count, "one placement per operator")
        self.stage = stage
        self.operators = operators
        self.placement = placement
        self.plan = plan
    }
}
