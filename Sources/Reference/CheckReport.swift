/// The result of checking one plan: pass/fail, every broken rule (numerical mismatches capped
/// at `PlanExecutor.mismatchLimit` per rule, the rest counted), the accounting, and error
/// statistics for the pass/fail report of `duplexsim check`.
public struct CheckReport: Codable, Sendable, Equatable {
    public var operatorName: String
    /// Mismatches found (up to the cap per rule).
    public var mismatches: [Mismatch]
    /// Mismatches beyond the cap, per rule (not listed).
    public var suppressed: [CheckRule: Int]
    /// Sum of the fragments' costs by the formulas.
    public var computed: OperatorCost
    /// The analytic cost the plan declared.
    public var expected: OperatorCost
    /// Output elements compared with the reference.
    public var elementsCompared: Int
    /// Largest |split - reference| over compared elements.
    public var maxAbsoluteError: Double
    /// Largest |split - reference| / tolerance (<= 1 means every element within tolerance).
    public var maxErrorToTolerance: Double

    /// True when no rule is broken.
    public var passed: Bool { mismatches.isEmpty && suppressed.values.allSatisfy { $0 == 0 } }

    /// The distinct rules broken.
    public var brokenRules: Set<CheckRule> { Set(mismatches.map(\.rule)).union(suppressed.filter { $0.value > 0 }.keys) }
}
