/// The MoE router: gate logits -> softmax -> top-k experts -> (optionally) renormalised
/// weights, per token.
///
/// Mixtral-style routing (Jiang et al., "Mixtral of Experts", 2024; Hugging Face
/// `MixtralSparseMoeBlock`): p = softmax(logits) over all experts, keep the k largest
/// (ties broken towards the lower expert index, so routing is deterministic), then divide the
/// kept weights by their sum. O(E log E) per token.
public enum MoEGate {
    /// One routing decision: token -> expert with a weight.
    public struct Choice<Scalar: ReferenceScalar>: Sendable, Equatable, Codable {
        /// Expert index, 0..<E.
        public let expert: Int
        /// Combine weight of that expert's output for this token.
        public let weight: Scalar
    }

    /// Routes each row of `logits` `[tokens, E]` to its `topK` experts, in descending weight
    /// order. With `renormalise`, the kept weights are divided by their sum (Mixtral); without,
    /// they are the softmax probabilities. Weights are rounded to `storage`.
    public static func route<T: ReferenceScalar>(
        logits: Tensor<T>, topK: Int, renormalise: Bool, storage: StorageFormat
    ) -> [[Choice<T>]] {
        precondition(logits.rank == 2, "gate logits must be [tokens, experts]")
        let tokens = logits.shape[0], experts = logits.shape[1]
        precondition(topK >= 1 && topK <= experts, "topK \(topK) of \(experts) experts")
        return (0..<tokens).map { t in
            let row = Array(logits.elements[t * experts..<(t + 1) * experts])
            let p = Softmax.stable(row, storage: .fp64)
            let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
            return weights(logits: row, chosen: Array(order.prefix(topK)), renormalise: renormalise, storage: storage)
        }
    }

    /// The combine weights of the experts `chosen` (in the given order) for one token's gate
    /// `logits` (length E): softmax over all E, kept for `chosen`, divided by their sum when
    /// `renormalise`, rounded to `storage`. Used when routing is decided elsewhere (the
    /// simulator's expert routing). O(E).
    public static func weights<T: ReferenceScalar>(
        logits: [T], chosen: [Int], renormalise: Bool, storage: StorageFormat
    ) -> [Choice<T>] {
        let p = Softmax.stable(logits, storage: .fp64)
        var total: T = 0
        for e in chosen { total += p[e] }
        return chosen.map { e in
            Choice(expert: e, weight: storage.round(renormalise ? p[e] / total : p[e]))
        }
    }
}
