/// The rule a plan check found broken (a JSON object key in `CheckReport.suppressed`).
public enum CheckRule: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    /// A fragment's region is malformed for its operator (field does not apply, out of range).
    case invalidRegion = "invalid-region"
    /// Part of the iteration space is computed by no fragment (a dropped tile).
    case uncovered
    /// Part of the iteration space is computed by more than one fragment (double counting).
    case overlap
    /// The merge rule does not fit the operator (e.g. online-softmax for a GEMM).
    case mergeRule = "merge-rule"
    /// A merged output element differs from the unsplit reference by more than the derived
    /// tolerance.
    case numerical
    /// The fragments' FLOPs do not sum to the operator's analytic FLOPs.
    case flops
    /// The fragments' bytes of one tensor class do not sum to the analytic bytes.
    case bytes
    /// A fragment's charged cost differs from its cost by the formulas.
    case charged
    /// The operation itself is malformed (shapes, routing).
    case invalidOperation = "invalid-operation"
}
