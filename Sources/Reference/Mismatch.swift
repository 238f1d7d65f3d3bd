/// One broken rule, as structured data: which operator, which fragment (nil when the whole
/// plan or a merged output), the fragments whose results reached the element
/// (`contributors`, in merge order), which element (a multi-index whose meaning `detail`
/// states), the expected and actual values, the tolerance (0 for exact rules), and a sentence.
public struct Mismatch: Codable, Sendable, Equatable {
    public var operatorName: String
    public var rule: CheckRule
    public var fragment: Int?
    public var contributors: [Int]
    public var element: [Int]?
    public var expected: Double
    public var actual: Double
    public var tolerance: Double
    public var detail: String

    public init(operatorName: String, rule: CheckRule, fragment: Int? = nil, contributors: [Int] = [], element: [Int]? = nil,
                expected: Double = 0, actual: Double = 0, tolerance: Double = 0, detail: String) {
        self.operatorName = operatorName
        self.rule = rule
        self.fragment = fragment
        self.contributors = contributors
        self.element = element
        self.expected = expected
        self.actual = actual
        self.tolerance = tolerance
        self.detail = detail
    }
}
