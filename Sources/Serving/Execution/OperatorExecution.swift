import Hardware
import Units

/// How one operator ran in a stage (per device of its group: all shards run in parallel).
public struct OperatorExecution: Hashable, Sendable {
    /// The operator's id (`Operator.id`).
    public let operatorID: Int
    public let unit: ExecutionUnit
    /// Start and end, relative to the stage's start.
    public let start: SimTime
    public let end: SimTime
    /// Energy of all shards of the operator (the whole system's).
    public let energy: EnergyComponents

    public init(operatorID: Int, unit: ExecutionUnit, start: SimTime, end: SimTime, energy: EnergyComponents) {
        precondition(start >= .zero && end >= start, "operator \(operatorID) runs from \(start) to \(end)")
        self.operatorID = operatorID
        self.unit = unit
        self.start = start
        self.end = end
        self.energy = energy
    }

    public var duration: SimTime { end - start }
}
