import Units

/// The life of one finished request.
public struct RequestRecord: Hashable, Sendable {
    public let id: Int
    public let inputTokens: Int
    public let outputTokens: Int
    public let arrival: SimTime
    /// Start of the stage that prefilled it.
    public let admitted: SimTime
    /// End of the prefill stage, when the first output token exists.
    public let firstToken: SimTime
    /// End of the stage that produced its last token.
    public let finish: SimTime
    /// The longest gap between two consecutive output tokens (zero when it produced one token).
    public let maxTokenGap: SimTime
    /// Started mid-generation by a steady-state window: `admitted` and `firstToken` are 0 and the
    /// request does not count in T2FT and E2E.
    public let inFlightAtStart: Bool

    public init(id: Int, inputTokens: Int, outputTokens: Int, arrival: SimTime, admitted: SimTime,
                firstToken: SimTime, finish: SimTime, maxTokenGap: SimTime, inFlightAtStart: Bool = false) {
        precondition(arrival <= admitted && (admitted < firstToken || inFlightAtStart) && firstToken <= finish, "request \(id): inconsistent times")
        self.id = id; self.inputTokens = inputTokens; self.outputTokens = outputTokens; self.arrival = arrival
        self.admitted = admitted; self.firstToken = firstToken; self.finish = finish; self.maxTokenGap = maxTokenGap
        self.inFlightAtStart = inFlightAtStart
    }

    /// Time to first token: arrival to the end of its prefill stage (queueing included).
    public var timeToFirstToken: SimTime { firstToken - arrival }
    /// End-to-end latency: arrival to its last token.
    public var endToEnd: SimTime { finish - arrival }
    /// Time waiting before admission.
    public var queueing: SimTime { admitted - arrival }
}
