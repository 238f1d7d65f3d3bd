/// The partial result of attention over a subset of keys for one query row, in the form the
/// online-softmax (FlashAttention / flash-decoding) merge needs:
/// - `maximum` m: the largest score in the subset,
/// - `sum` l = sum_j exp(s_j - m),
/// - `accumulator` o = sum_j exp(s_j - m) v_j (unnormalised, `headDim` values).
///
/// Two partials over disjoint key sets merge exactly (in exact arithmetic) into the partial of
/// their union: m = max(m_a, m_b), l = e^(m_a-m) l_a + e^(m_b-m) l_b, o likewise; the final
/// output is o / l. Source: Milakov and Gimelshein, "Online normalizer calculation for
/// softmax" (2018); Dao et al., FlashAttention (2022). Merge cost O(headDim).
public struct OnlineSoftmaxPartial<Scalar: ReferenceScalar>: Sendable, Equatable {
    /// The largest score seen (-infinity for an empty key set).
    public var maximum: Scalar
    /// sum_j exp(s_j - maximum).
    public var sum: Scalar
    /// sum_j exp(s_j - maximum) v_j, `headDim` values.
    public var accumulator: [Scalar]

    /// The partial of an empty key set (the identity of `merged`).
    public init(headDim: Int) {
        maximum = -Scalar.infinity
        sum = 0
        accumulator = Array(repeating: 0, count: headDim)
    }

    /// A partial from its parts.
    public init(maximum: Scalar, sum: Scalar, accumulator: [Scalar]) {
        self.maximum = maximum
        self.sum = sum
        self.accumulator = accumulator
    }

    /// The partial of the keys in `scores` (one per key) with values `values(j)`: scores are
    /// rescaled against their own maximum, then l and o are accumulated in key order; l and o
    /// are rounded to `storage` (where hardware writes partials). O(keys x headDim).
    public static func over(
        scores: [Scalar], headDim: Int, storage: StorageFormat, value: (Int, Int) -> Scalar
    ) -> OnlineSoftmaxPartial {
        var partial = OnlineSoftmaxPartial(headDim: headDim)
        guard let maximum = scores.max() else { return partial }
        partial.maximum = maximum
        for (j, s) in scores.enumerated() {
            let w = Scalar.exponential(s - maximum)
            partial.sum += w
            for c in 0..<headDim { partial.accumulator[c] += w * value(j, c) }
        }
        partial.sum = storage.round(partial.sum)
        partial.accumulator = partial.accumulator.map { storage.round($0) }
        return partial
    }

    /// The merge of two partials over disjoint key sets, rounded to `storage`: the rule that
    /// hardware must apply (rescale both by e^(m_x - m) before adding).
    public static func merged(_ a: OnlineSoftmaxPartial, _ b: OnlineSoftmaxPartial,
                              storage: StorageFormat) -> OnlineSoftmaxPartial {
        precondition(a.accumulator.count == b.accumulator.count, "head dims differ")
        if a.maximum == -Scalar.infinity { return b }
        if b.maximum == -Scalar.infinity { return a }
        let m = max(a.maximum, b.maximum)
        let alpha = Scalar.exponential(a.maximum - m)
        let beta = Scalar.exponential(b.maximum - m)
        var out = OnlineSoftmaxPartial(headDim: a.accumulator.count)
        out.maximum = m
        out.sum = storage.round(alpha * a.sum + beta * b.sum)
        for c in out.accumulator.indices {
            out.accumulator[c] = storage.round(alpha * a.accumulator[c] + beta * b.accumulator[c])
        }
        return out
    }

    /// The attention output o / l, rounded to `storage`. Precondition: non-empty key set.
    public func finalized(storage: StorageFormat) -> [Scalar] {
        precondition(sum > 0, "finalizing the partial of an empty key set")
        return accumulator.map { storage.round($0 / sum) }
    }
}
