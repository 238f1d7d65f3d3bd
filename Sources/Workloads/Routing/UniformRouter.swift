import SimKernel

/// Uniform top-k routing (the Duplex paper's default): each token picks `topK` distinct experts,
/// every subset equally likely, from a generator seeded by (seed, stage, layer).
public struct UniformRouter: ExpertRouter {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    public func route(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int) -> RoutingDecision {
        var generator = SplitMix64.derived(seed: seed, stage: stage, layer: layer)
        var choices: [Int] = []
        choices.reserveCapacity(tokens * topK)
        var pool = Array(0..<experts)
        for _ in 0..<tokens {
            // Partial Fisher-Yates: the first topK entries become a uniform random subset.
            for slot in 0..<topK {
                let pick = slot + generator.nextIndex(below: experts - slot)
                pool.swapAt(slot, pick)
                choices.append(pool[slot])
            }
        }
        return RoutingDecision(topK: topK, experts: experts, choices: choices)
    }
}
