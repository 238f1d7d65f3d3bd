/// Chooses the top-k experts of every token of an MoE layer.
///
/// Implementations must be deterministic functions of their configuration and the arguments
/// (stage, layer, tokens): the same call gives the same decision regardless of call order.
public protocol ExpertRouter: Sendable {
    /// Routes `tokens` tokens of `stage`'s MoE layer `layer`.
    func route(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int) throws(WorkloadInputError) -> RoutingDecision

    /// The same routing as `route`, reduced to tokens per expert: `counts` becomes `experts`
    /// entries, indexed by expert id, equal to `route(...).tokenCounts`. Its storage is reused,
    /// so a caller that keeps `counts` across layers routes without allocating (where the router
    /// supports it; the default implementation goes through `route`).
    func tokenCounts(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int,
                     into counts: inout [Int]) throws(WorkloadInputError)
}

extension ExpertRouter {
    public func tokenCounts(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int,
                            into counts: inout [Int]) throws(WorkloadInputError) {
        let decision = try route(stage: stage, layer: layer, tokens: tokens, experts: experts, topK: topK)
        precondition(decision.tokens == tokens && decision.topK == topK && decision.experts == experts,
                     "router returned a decision of the wrong size")
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: experts))
        for expert in decision.choices { counts[expert] += 1 }
    }
}
