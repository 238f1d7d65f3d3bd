import Units

/// The timed result of one stage.
public struct StageExecution: Sendable {
    /// Wall time of the stage (simulated): from its start until its last operator ends.
    public let duration: SimTime
    /// One entry per operator of the stage, in the order of `StageWork.operators`.
    public let operators: [OperatorExecution]

    public init(duration: SimTime, operators: [OperatorExecution]) {
        precondition(operators.allSatisfy { $0.end <= duration }, "an operator ends after its stage")
        self.duration = duration
        self.operators = operators
    }
}
