import SimKernel

/// Uniform top-k routing (the Duplex paper's default): each token picks `topK` distinct experts,
/// every subset equally likely, from a generator seeded by (seed, stage, layer).
public struct UniformRouter: ExpertRouter {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    public func route(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int) -> RoutingDecision {
        var choices: [Int] = []
        choices.reserveCapacity(tokens * topK)
        draw(stage: stage, layer: layer, tokens: tokens, experts: experts, topK: topK) { choices.append($0) }
        return RoutingDecision(topK: topK, experts: experts, choices: choices)
    }

    /// `route(...).tokenCounts` without building the decision (no allocation once `counts` has
    /// room for `experts` entries; the expert pool is a temporary allocation, on the stack when small).
    public func tokenCounts(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int, into counts: inout [Int]) {
        precondition(topK >= 1 && topK <= experts, "top-k \(topK) of \(experts) experts")
        if counts.count == experts {
            // The caller's buffer from the layer before: zeroed in place.
            counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        } else {
            counts.removeAll(keepingCapacity: true)
            counts.append(contentsOf: repeatElement(0, count: experts))
        }
        // `draw` written out on raw pointers (the same generator stream and swaps): routing a
        // prefill stage draws tokens x topK x layers times.
        var generator = SplitMix64.derived(seed: seed, stage: stage, layer: layer)
        counts.withUnsafeMutableBufferPointer { tally in
            guard let t = tally.baseAddress else { return }
            withUnsafeTemporaryAllocation(of: Int.self, capacity: experts) { pool in
                guard let p = pool.baseAddress else { return }
                for expert in 0..<experts { (p + expert).initialize(to: expert) }
                if topK == 2 {
                    // The loop below with its two slots unrolled (top-2 models: Mixtral, GLaM): the
                    // same draws, swaps and tallies in the same order.
                    let rest = experts &- 1
                    for _ in 0..<tokens {
                        let first = generator.nextIndex(positiveBound: experts)
                        let a = p[first]
                        p[first] = p[0]
                        p[0] = a
                        t[a] &+= 1
                        let second = 1 &+ generator.nextIndex(positiveBound: rest)
                        let b = p[second]
                        p[second] = p[1]
                        p[1] = b
                        t[b] &+= 1
                    }
                    return
                }
                for _ in 0..<tokens {
                    for slot in 0..<topK {
                        let pick = slot &+ generator.nextIndex(below: experts &- slot)
                        let chosen = p[pick]
                        p[pick] = p[slot]
                        p[slot] = chosen
                        t[chosen] &+= 1
                    }
                }
            }
        }
    }

    /// The choices of every token in order, handed to `choose`: a partial Fisher-Yates shuffle of
    /// the expert pool per token, whose first `topK` entries become a uniform random subset (the
    /// pool carries over from token to token).
    @inline(__always)
    private func draw(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int, _ choose: (Int) -> Void) {
        var generator = SplitMix64.derived(seed: seed, stage: stage, layer: layer)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: experts) { pool in
            for expert in 0..<experts { pool.initializeElement(at: expert, to: expert) }
            for _ in 0..<tokens {
                for slot in 0..<topK {
                    let pick = slot + generator.nextIndex(below: experts - slot)
                    pool.swapAt(slot, pick)
                    choose(pool[slot])
                }
            }
        }
    }
}
