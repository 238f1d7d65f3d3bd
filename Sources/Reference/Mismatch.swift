/// The rule a plan check found broken.
public enum CheckRule: String, Codable, Sendable, CaseIterable {
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

/// One broken rule, as structured data: which operator, which fragment (nil when the whole
/// plan), which element (a multi-index whose meaning `detail` states), the expected and
/// actual values, the tolerance (0 for exact rules), and a sentence.
public struct Mismatch: Codable, Sendable, Equatable {
    public var operatorName: String
    public var rule: CheckRule
    public var fragment: Int?
    public var element: [Int]?
    public var expected: Double
    public var actual: Double
    public var tolerance: Double
    public var detail: String

    public init(operatorName: String, rule: CheckRule, fragment: Int? = nil, element: [Int]? = nil,
                expected: Double = 0, actual: Double = 0, tolerance: Double = 0, detail: String) {
        self.operatorName = operatorName
        self.rule = rule
        self.fragment = fragment
        self.element = element
        self.expected = expected
        self.actual = actual
        self.tolerance = tolerance
        self.detail = detail
    }
}
