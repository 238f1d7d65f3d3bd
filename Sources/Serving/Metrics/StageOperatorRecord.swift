import Hardware
import Units
import Workloads

/// One operator of one stage as it ran (a row of ops.csv).
public struct StageOperatorRecord: Hashable, Sendable {
    public let stage: Int
    public let op: Operator
    public let placement: OperatorPlacement
    public let energyClass: EnergyClass
    /// Start and end relative to the stage's start.
    public let execution: OperatorExecution

    public init(stage: Int, op: Operator, placement: OperatorPlacement, energyClass: EnergyClass, execution: OperatorExecution) {
        self.stage = stage
        self.op = op
        self.placement = placement
        self.energyClass = energyClass
        self.execution = execution
    }
}
