import Foundation
import SimKernel

/// Skewed routing: expert popularity follows Zipf's law with exponent `exponent` (weight of the
/// r-th most popular expert proportional to 1/r^s). Each layer gets its own popularity order (a
/// seeded permutation, fixed across stages, so the same experts stay hot in a layer); each token
/// draws `topK` distinct experts without replacement, proportionally to the weights. s = 0 is uniform.
public struct ZipfRouter: ExpertRouter {
    public let exponent: Double
    public let seed: UInt64

    public init(exponent: Double, seed: UInt64) {
        precondition(exponent.isFinite && exponent >= 0, "Zipf exponent must be finite and >= 0")
        self.exponent = exponent
        self.seed = seed
    }

    /// Popularity weight of each expert id in `layer` (unnormalised).
    public func weights(layer: Int, experts: Int) -> [Double] {
        // The permutation depends on the layer only: stage -1 never occurs in routing calls.
        var generator = SplitMix64.derived(seed: seed, stage: -1, layer: layer)
        var order = Array(0..<experts)
        for i in stride(from: experts - 1, to: 0, by: -1) { order.swapAt(i, generator.nextIndex(below: i + 1)) }
        var weights = Array(repeating: 0.0, count: experts)
        for (rank, expert) in order.enumerated() { weights[expert] = 1 / pow(Double(rank + 1), exponent) }
        return weights
    }

    public func route(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int) -> RoutingDecision {
        let base = weights(layer: layer, experts: experts)
        var generator = SplitMix64.derived(seed: seed, stage: stage, layer: layer)
        var choices: [Int] = []
        choices.reserveCapacity(tokens * topK)
        for _ in 0..<tokens {
            var remaining = base
            var total = remaining.reduce(0, +)
            for _ in 0..<topK {
                var target = generator.nextUnitDouble() * total
                var pick = experts - 1
                for expert in 0..<experts where remaining[expert] > 0 {
                    if target < remaining[expert] { pick = expert; break }
                    target -= remaining[expert]
                }
                // Rounding can leave target just past the last weight: take the last positive one.
                if remaining[pick] == 0 { pick = remaining.lastIndex { $0 > 0 }! }
                choices.append(pick)
                total -= remaining[pick]
                remaining[pick] = 0
            }
        }
        return RoutingDecision(topK: topK, experts: experts, choices: choices)
    }
}
