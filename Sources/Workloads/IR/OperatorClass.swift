/// The operator classes of the Op/B analysis (CSV column `op_class`), in report order.
public enum OperatorClass: String, Codable, Hashable, Sendable, CaseIterable, Comparable {
    /// Token-by-weight GEMMs outside MoE: QKV and output projections, dense FFNs.
    case fc
    case attention
    /// Expert FFNs.
    case moe
    /// The MoE router GEMM with softmax and top-k.
    case gate
    case norm
    /// All-reduce and all-to-all.
    case communication
    case lmHead = "lm_head"

    public static func < (lhs: OperatorClass, rhs: OperatorClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
