import Workloads

/// One stage in compact form for a timing-only run (no per-operator records asked for): the
/// stage's distinct blocks once (`CompactStage`), their placement and energy classes
/// (docs/serving.md, "Compact stages").
public struct CompactStageWork: Sendable {
    public let stage: Stage
    public let compact: CompactStage
    /// `placement.assignments[i]` places `compact.operators[i]` (every occurrence of its block).
    public let placement: StagePlacement
    public let plan: ParallelismPlan
    /// The energy class of each operator of `compact.operators` (`EnergyClass.classify` of the
    /// compact list: every block starts with a non-collective, so a class never depends on the
    /// block before).
    public let classes: [EnergyClass]

    public init(stage: Stage, compact: CompactStage, placement: StagePlacement, plan: ParallelismPlan, classes: [EnergyClass]) {
        precondition(placement.assignments.count == compact.operators.count, "one placement per operator")
        precondition(classes.count == compact.operators.count, "one energy class per operator")
        self.stage = stage
        self.compact = compact
        self.placement = placement
        self.plan = plan
        self.classes = classes
    }

    /// The full stage: every block occurrence as its own operators (`CompactStage.expanded`).
    public func expanded() -> StageWork {
        StageWork(stage: stage, operators: compact.expanded(firstID: compact.firstID),
                  placement: StagePlacement(assignments: compact.expand(placement.assignments), coProcessing: placement.coProcessing,
                                            pimExperts: placement.pimExperts),
                  plan: plan)
    }
}
