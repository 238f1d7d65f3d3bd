/// The experts chosen for each token of one MoE layer in one stage.
public struct RoutingDecision: Hashable, Sendable {
    /// Experts per token (top-k).
    public let topK: Int
    /// Experts in the layer.
    public let experts: Int
    /// `tokens * topK` expert ids; token t's choices are `choices[t*topK ..< (t+1)*topK]`, distinct.
    public let choices: [Int]

    public init(topK: Int, experts: Int, choices: [Int]) {
        precondition(topK >= 1 && topK <= experts, "top-k \(topK) of \(experts) experts")
        precondition(choices.count % topK == 0, "choices must hold top-k ids per token")
        precondition(choices.allSatisfy { (0..<experts).contains($0) }, "expert id out of range")
        self.topK = topK
        self.experts = experts
        self.choices = choices
    }

    /// Tokens routed.
    public var tokens: Int { choices.count / topK }

    /// The experts of token `token`.
    public func experts(ofToken token: Int) -> ArraySlice<Int> { choices[(token * topK)..<((token + 1) * topK)] }

    /// Tokens routed to each expert, indexed by expert id (sums to tokens * topK).
    public var tokenCounts: [Int] {
        var counts = Array(repeating: 0, count: experts)
        for expert in choices { counts[expert] += 1 }
        return counts
    }

    /// Experts that received at least one token.
    public var activeExperts: Int { tokenCounts.filter { $0 > 0 }.count }
}
