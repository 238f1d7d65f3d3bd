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
        var order = candidates
        var moved: [Int] = []
        movedCount(sorting: &order, moved: &moved)
        return Set(moved)
    }

    /// The greedy on `candidates`, which it sorts in place into move order; the experts moved to
    /// the PIM are appended to `moved` in that order. Returns how many moved.
    @discardableResult
    static func movedCount(sorting candidates: inout [Candidate], moved: inout [Int]) -> Int {
        candidates.withUnsafeMutableBufferPointer { buffer in
            sortInMoveOrder(buffer)
            return movedCount(sorted: buffer, moved: &moved)
        }
    }

    /// Sorts `candidates` into move order: by (tokens, expert). Expert ids are unique in a layer,
    /// so the order is total and does not depend on the algorithm.
    static func sortInMoveOrder(_ candidates: UnsafeMutableBufferPointer<Candidate>) {
        insertionSort(candidates) { ($0.tokens, $0.expert) < ($1.tokens, $1.expert) }
    }

    /// Sorts `candidates` by (expert-parallel rank, tokens, expert), the rank of an expert being
    /// expert / `expertsPerRank` (`ParallelismPlan.expertsPerRank`): every rank's candidates
    /// together, each rank's in move order.
    static func sortByRank(_ candidates: UnsafeMutableBufferPointer<Candidate>, expertsPerRank: Int) {
        insertionSort(candidates) {
            ($0.expert / expertsPerRank, $0.tokens, $0.expert) < ($1.expert / expertsPerRank, $1.tokens, $1.expert)
        }
    }

    /// Insertion sort: a layer has few candidates (one per active expert) and they usually come
    /// nearly in order (grouped by rank, by expert id), where it does O(n) comparisons.
    @inline(__always)
    private static func insertionSort(_ candidates: UnsafeMutableBufferPointer<Candidate>,
                                      by precedes: (Candidate, Candidate) -> Bool) {
        guard candidates.count > 1 else { return }
        for i in 1..<candidates.count {
            let candidate = candidates[i]
            var j = i
            while j > 0, precedes(candidate, candidates[j - 1]) {
                candidates[j] = candidates[j - 1]
                j -= 1
            }
            candidates[j] = candidate
        }
    }

    /// The greedy on `candidates`, already in move order (increasing tokens, ties by expert id);
    /// the experts moved to the PIM are appended to `moved` in that order. Returns how many moved.
    /// Allocation-free when `moved` has room (the planner reuses its buffers across layers).
    @discardableResult
    static func movedCount(sorted candidates: UnsafeMutableBufferPointer<Candidate>, moved: inout [Int]) -> Int {
        var xpu = SimTime.zero
        for candidate in candidates { xpu = xpu + candidate.xpuTime }
        var pim = SimTime.zero
        var best = xpu
        var count = 0
        for candidate in candidates {
            let nextXPU = xpu - candidate.xpuTime, nextPIM = pim + candidate.pimTime
            let layer = max(nextXPU, nextPIM)
            guard layer < best else { break }
            xpu = nextXPU
            pim = nextPIM
            best = layer
            moved.append(candidate.expert)
            count += 1
        }
        return count
    }
}
