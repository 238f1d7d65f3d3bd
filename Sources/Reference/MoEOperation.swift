/// The experts of a MoE layer for a batch of `tokens` tokens: `routing[t]` lists the experts
/// token t goes to (distinct, all of length top-k), as the simulator's expert routing decided.
/// Combine weights are the softmax of the gate logits over all `experts`, kept for the routed
/// experts and (with `renormalise`, Mixtral) divided by their sum.
public struct MoEOperation: Codable, Sendable, Equatable, Hashable {
    public var hidden: Int
    public var ffn: Int
    public var experts: Int
    public var activation: FFNActivation
    public var renormalise: Bool
    public var routing: [[Int]]
    public init(hidden: Int, ffn: Int, experts: Int, activation: FFNActivation, renormalise: Bool = true,
                routing: [[Int]]) {
        self.hidden = hidden
        self.ffn = ffn
        self.experts = experts
        self.activation = activation
        self.renormalise = renormalise
        self.routing = routing
    }

    /// Token count.
    public var tokens: Int { routing.count }

    /// Tokens routed to `expert`, ascending.
    public func tokens(routedTo expert: Int) -> [Int] {
        routing.indices.filter { routing[$0].contains(expert) }
    }
}
