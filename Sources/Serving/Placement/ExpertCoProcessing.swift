import Units

/// The greedy expert assignment of Duplex's expert co-processing, for one MoE layer.
///
/// Start with every expert on the xPU; take experts in order of increasing token count (ties by
/// expert id) and move each to the PIM while the layer time max(xPU total, PIM total) falls;
/// stop at the first move that does not lower it. The xPU and PIM totals are sums of isolated
/// per-expert times (the cost table); the actual overlap and contention are then simulated.
public enum ExpertCoProcessing {
    /// One expert of the layer: its index in the caller's list, id, tokens and unit times.
    public struct Candidate: Hashable, Sendable {
        public let expert: Int
        public let tokens: Int
        public let xpuTime: SimTime
        public let pimTime: SimTime

        public init(expert: Int, tokens: Int, xpuTime: SimTime, pimTime: SimTime) {
            self.expert = expert
            self.tokens = tokens
            self.xpuTime = xpuTime
            self.pimTime = pimTime
        }
    }

    /// The experts (ids) to run on the PIM. Complexity O(n log n) in the layer's active experts.
    public static func pimExperts(_ candidates: [Candidate]) -> Set<Int> {
        let order = candidates.sorted { ($0.tokens, $0.expert) < ($1.tokens, $1.expert) }
        var xpu = candidates.reduce(SimTime.zero) { $0 + $1.xpuTime }
        var pim = SimTime.zero
        var best = xpu
        var moved: Set<Int> = []
        for candidate in order {
            let nextXPU = xpu - candidate.xpuTime, nextPIM = pim + candidate.pimTime
            let layer = max(nextXPU, nextPIM)
            guard layer < best else { break }
            xpu = nextXPU
            pim = nextPIM
            best = layer
            moved.insert(candidate.expert)
        }
        return moved
    }
}
