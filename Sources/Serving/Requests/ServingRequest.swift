import Units

/// One request offered to the server: when it arrives and how many tokens it reads and writes.
public struct ServingRequest: Hashable, Sendable {
    /// Unique, increasing in arrival order, from 0.
    public let id: Int
    /// Arrival time (simulated). Closed-loop requests arrive when the request they replace finishes.
    public let arrival: SimTime
    /// Prompt tokens (Lin), >= 1.
    public let inputTokens: Int
    /// Tokens to generate (Lout), >= 1; the first comes out of the prefill stage.
    public let outputTokens: Int

    public init(id: Int, arrival: SimTime, inputTokens: Int, outputTokens: Int) {
        precondition(id >= 0 && arrival >= .zero, "request \(id) arrives at \(arrival)")
        precondition(inputTokens >= 1 && outputTokens >= 1, "request \(id) needs >= 1 input and output token, got \(inputTokens), \(outputTokens)")
        self.id = id
        self.arrival = arrival
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }

    /// KV-cache tokens reserved for this request at admission: its full Lin + Lout.
    public var reservedTokens: Int { inputTokens + outputTokens }
}
