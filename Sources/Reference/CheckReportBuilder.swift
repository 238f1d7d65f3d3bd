/// Collects mismatches for one plan (capped per rule) and the error statistics.
struct CheckReportBuilder {
    let operatorName: String
    let limit: Int
    private(set) var mismatches: [Mismatch] = []
    private(set) var counts: [CheckRule: Int] = [:]
    private(set) var elementsCompared = 0
    private(set) var maxAbsoluteError = 0.0
    private(set) var maxErrorToTolerance = 0.0

    init(operatorName: String, limit: Int) {
        self.operatorName = operatorName
        self.limit = limit
    }

    /// Records a broken rule.
    mutating func add(_ rule: CheckRule, fragment: Int? = nil, contributors: [Int] = [], element: [Int]? = nil,
                      expected: Double = 0, actual: Double = 0, tolerance: Double = 0, _ detail: String) {
        counts[rule, default: 0] += 1
        guard counts[rule]! <= limit else { return }
        mismatches.append(Mismatch(operatorName: operatorName, rule: rule, fragment: fragment,
                                   contributors: contributors, element: element,
                                   expected: expected, actual: actual, tolerance: tolerance, detail: detail))
    }

    /// Compares one output element with its reference; a NaN or an error above the tolerance
    /// is a `numerical` mismatch.
    mutating func compare(element: [Int], contributors: [Int], expected: Double, actual: Double, tolerance: Double,
                          what: String) {
        elementsCompared += 1
        let error = abs(actual - expected)
        if error.isNaN || !(error <= tolerance) {
            add(.numerical, contributors: contributors, element: element, expected: expected, actual: actual,
                tolerance: tolerance,
                "\(what) (from fragments \(contributors)) differs from the unsplit reference by \(error) > tolerance \(tolerance)")
        }
        if error.isFinite {
            maxAbsoluteError = max(maxAbsoluteError, error)
            if tolerance > 0 { maxErrorToTolerance = max(maxErrorToTolerance, error / tolerance) }
        } else {
            maxAbsoluteError = .infinity
            maxErrorToTolerance = .infinity
        }
    }

    func report(computed: OperatorCost, expected: OperatorCost) -> CheckReport {
        CheckReport(operatorName: operatorName, mismatches: mismatches,
                    suppressed: counts.mapValues { max(0, $0 - limit) }.filter { $0.value > 0 },
                    computed: computed, expected: expected, elementsCompared: elementsCompared,
                    maxAbsoluteError: maxAbsoluteError, maxErrorToTolerance: maxErrorToTolerance)
    }
}
