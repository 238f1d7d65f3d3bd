/// How the executor combines fragments that produce the *same* output elements (fragments
/// with disjoint outputs are always concatenated):
public enum MergeRule: String, Codable, Sendable, CaseIterable {
    /// Outputs must be disjoint; a second write to an element overwrites the first (what
    /// memory does) and is reported as a coverage violation.
    case concatenate
    /// Partial sums over a reduction range are added (in fragment order, in the arithmetic
    /// type, each partial stored in the storage format): GEMM inner-dimension splits, expert
    /// FFN column splits (the down projection's partial sums reduced by the xPU).
    case sumPartials = "sum-partials"
    /// Attention partials over key ranges are merged by the online-softmax rule (rescale by
    /// e^(m_x - m) then add; `OnlineSoftmaxPartial.merged`), in fragment order.
    case onlineSoftmax = "online-softmax"
}
