/// Chooses the top-k experts of every token of an MoE layer.
///
/// Implementations must be deterministic functions of their configuration and the arguments
/// (stage, layer, tokens): the same call gives the same decision regardless of call order.
public protocol ExpertRouter: Sendable {
    /// Routes `tokens` tokens of `stage`'s MoE layer `layer`.
    func route(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int) throws(WorkloadInputError) -> RoutingDecision
}
