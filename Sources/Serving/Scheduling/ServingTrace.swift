import Units

/// Everything a serving run recorded, from which `ServingMetrics` are computed.
public struct ServingTrace: Sendable {
    /// Finished requests, by id.
    public let requests: [RequestRecord]
    /// Stages in order.
    public let stages: [StageRecord]
    /// Every gap between two consecutive output tokens of a request (time between tokens), in the
    /// order the tokens were produced.
    public let tokenGaps: [SimTime]
    /// Per-operator records when requested (ops.csv), else empty.
    public let operators: [StageOperatorRecord]
    public let batchLimit: BatchLimit

    public init(requests: [RequestRecord], stages: [StageRecord], tokenGaps: [SimTime], operators: [StageOperatorRecord], batchLimit: BatchLimit) {
        self.requests = requests
        self.stages = stages
        self.tokenGaps = tokenGaps
        self.operators = operators
        self.batchLimit = batchLimit
    }
}
