/// Runs a `PartitionPlan` on real numbers and checks it.
///
/// For a plan it
/// 1. validates the operation and every fragment's region (`invalid-operation`,
///    `invalid-region`);
/// 2. sums the fragments' costs by the formulas of `PlannedOperation.cost(of:storage:)` and
///    requires exact equality with `plan.expected` for FLOPs and for every byte class
///    (`flops`, `bytes`), and with each fragment's `charged` cost when given (`charged`);
/// 3. checks that the fragments tile the iteration space exactly once (`uncovered`,
///    `overlap`) and that the merge rule fits the operator (`merge-rule`);
/// 4. generates inputs from `seed` (in the storage format), computes every fragment, merges
///    them as the hardware would (`MergeRule`), computes the unsplit reference, and compares
///    every output element within a tolerance derived by `ErrorBound` for both computations
///    (`numerical`): |split - reference| <= bound(reference) + bound(split), each bound
///    evaluated from Double magnitudes and inflated by (1 + 2^-20) to cover the Double
///    evaluation of those magnitudes (relative error < n 2^-53, n < 2^30).
///
/// Inputs (uniform, rounded to storage): GEMM A and B in [-1, 1); attention queries in
/// [-4, 4) and keys/values in [-1, 1), request by request; MoE tokens in [-1, 1), gate weights
/// in [-1, 1), expert matrices in [-1, 1) scaled by 1/sqrt(fan-in), expert by expert.
/// Cost: the reference plus every fragment: O(operator FLOPs) in `Scalar`, plus the same in
/// Double for the tolerances.
public struct PlanExecutor<Scalar: ReferenceScalar>: Sendable {
    /// Seed of the input generator.
    public let seed: UInt64
    /// Mismatches listed per rule before the rest are only counted.
    public let mismatchLimit: Int

    /// An executor whose inputs are determined by `seed`.
    public init(seed: UInt64, mismatchLimit: Int = 16) {
        precondition(mismatchLimit >= 1, "mismatchLimit must be positive")
        self.seed = seed
        self.mismatchLimit = mismatchLimit
    }

    /// Relative inflation of evaluated bounds (see type doc).
    static var boundInflation: Double { 1 + 0x1p-20 }

    /// Checks `plan`; the report lists every broken rule.
    public func check(_ plan: PartitionPlan) -> CheckReport {
        var report = CheckReportBuilder(operatorName: plan.operatorName, limit: mismatchLimit)
        let operationProblems = Self.problems(in: plan.operation)
        for problem in operationProblems { report.add(.invalidOperation, problem) }
        guard operationProblems.isEmpty else { return report.report(computed: .zero, expected: plan.expected) }

        var valid: [(index: Int, fragment: PlanFragment)] = []
        var computed = OperatorCost.zero
        for (index, fragment) in plan.fragments.enumerated() {
            let problems = plan.operation.problems(in: fragment.region)
            for problem in problems { report.add(.invalidRegion, fragment: index, problem) }
            guard problems.isEmpty else { continue }
            valid.append((index, fragment))
            let cost = plan.operation.cost(of: fragment.region, storage: plan.storage)
            computed = computed + cost
            if let charged = fragment.charged, charged != cost {
                report.add(.charged, fragment: index, expected: Double(cost.flops), actual: Double(charged.flops),
                           "fragment \(index) (\(fragment.unit) stack \(fragment.stack)) was charged \(charged) but computes \(cost)")
            }
        }
        Self.compareAccounting(computed: computed, expected: plan.expected, into: &report)

        switch plan.operation {
        case .gemm(let op):
            checkGEMM(op, plan: plan, fragments: valid, into: &report)
        case .attentionDecode(let op):
            checkAttention(shape: op.shape, lengths: op.contextLengths, prefill: false, causal: false,
                           plan: plan, fragments: valid, into: &report)
        case .attentionPrefill(let op):
            checkAttention(shape: op.shape, lengths: op.promptLengths, prefill: true, causal: op.causal,
                           plan: plan, fragments: valid, into: &report)
        case .moe(let op):
            checkMoE(op, plan: plan, fragments: valid, into: &report)
        }
        return report.report(computed: computed, expected: plan.expected)
    }

    /// Exact comparison of FLOPs and each byte class.
    static func compareAccounting(computed: OperatorCost, expected: OperatorCost, into report: inout CheckReportBuilder) {
        if computed.flops != expected.flops {
            report.add(.flops, expected: Double(expected.flops), actual: Double(computed.flops),
                       "fragments perform \(computed.flops) FLOPs, the operator's accounting says \(expected.flops)")
        }
        for ((name, actual), (_, wanted)) in zip(computed.bytes.classes, expected.bytes.classes) where actual != wanted {
            report.add(.bytes, expected: Double(wanted), actual: Double(actual),
                       "fragments move \(actual) \(name) bytes, the operator's accounting says \(wanted)")
        }
    }

    /// Malformed operations (non-positive extents, bad routing).
    static func problems(in operation: PlannedOperation) -> [String] {
        var problems: [String] = []
        switch operation {
        case .gemm(let op):
            if op.m <= 0 || op.k <= 0 || op.n <= 0 { problems.append("GEMM extents must be positive: \(op)") }
        case .attentionDecode(let op):
            if op.contextLengths.isEmpty || op.contextLengths.contains(where: { $0 <= 0 }) {
                problems.append("decode context lengths must be positive and non-empty: \(op.contextLengths)")
            }
        case .attentionPrefill(let op):
            if op.promptLengths.isEmpty || op.promptLengths.contains(where: { $0 <= 0 }) {
                problems.append("prefill prompt lengths must be positive and non-empty: \(op.promptLengths)")
            }
        case .moe(let op):
            if op.hidden <= 0 || op.ffn <= 0 || op.experts <= 0 || op.routing.isEmpty {
                problems.append("MoE extents must be positive and routing non-empty")
            }
            let k = op.routing.first?.count ?? 0
            for (t, experts) in op.routing.enumerated()
            where experts.count != k || k == 0 || Set(experts).count != k || experts.contains(where: { $0 < 0 || $0 >= op.experts }) {
                problems.append("token \(t) routing \(experts) must be \(k) distinct experts in 0..<\(op.experts)")
            }
        }
        return problems
    }

    /// GEMM: cells (i, j), reduction ranges along k.
    func checkGEMM(_ op: GEMMOperation, plan: PartitionPlan, fragments: [(index: Int, fragment: PlanFragment)],
                   into report: inout CheckReportBuilder) {
        if plan.merge == .onlineSoftmax {
            report.add(.mergeRule, "online-softmax merge does not apply to a GEMM")
            return
        }
        var rng = SeededGenerator(seed: seed)
        let a = rng.tensor(Scalar.self, shape: [op.m, op.k], format: plan.storage)
        let b = rng.tensor(Scalar.self, shape: [op.k, op.n], format: plan.storage)
        let reference = GEMM.multiply(a, b, storage: plan.storage)

        var inner: [[Range<Int>]] = Array(repeating: [], count: op.m * op.n)
        var writers: [[Int]] = Array(repeating: [], count: op.m * op.n)
        var accumulator = [Scalar](repeating: 0, count: op.m * op.n)
        for (index, fragment) in fragments {
            let rows = fragment.region.rows ?? 0..<op.m
            let cols = fragment.region.columns ?? 0..<op.n
            let k = fragment.region.inner ?? 0..<op.k
            let block = GEMM.block(a, b, rows: rows, columns: cols, inner: k, storage: plan.storage)
            for (iOut, i) in rows.enumerated() {
                for (jOut, j) in cols.enumerated() {
                    let cell = i * op.n + j
                    let value = block.elements[iOut * cols.count + jOut]
                    accumulator[cell] = plan.merge == .sumPartials && !inner[cell].isEmpty ? accumulator[cell] + value : value
                    inner[cell].append(k)
                    writers[cell].append(index)
                }
            }
        }
        let bound = ErrorBound(Scalar.self, storage: plan.storage)
        let a64 = a.converted(to: Double.self), b64 = b.converted(to: Double.self)
        for i in 0..<op.m {
            for j in 0..<op.n {
                let cell = i * op.n + j
                reportCoverage(inner[cell], required: 0..<op.k, what: "GEMM element (\(i), \(j)) inner index",
                               element: [i, j], writers: writers[cell], into: &report)
                var s = 0.0, c = 0.0
                for p in 0..<op.k {
                    let term = a64.elements[i * op.k + p] * b64.elements[p * op.n + j]
                    s += abs(term)
                    c += term
                }
                let partials = max(1, inner[cell].count)
                let tolerance = Self.boundInflation * (bound.dot(length: op.k, absoluteSum: s, magnitude: abs(c))
                    + bound.dot(length: op.k, absoluteSum: s, magnitude: abs(c), partials: partials))
                let actual = plan.storage.round(accumulator[cell])
                report.compare(element: [i, j], contributors: writers[cell], expected: Double(reference.elements[cell]), actual: Double(actual),
                               tolerance: tolerance, what: "C[\(i), \(j)]")
            }
        }
    }

    /// Reports the gaps (`uncovered`) and overlaps (`overlap`) of `ranges` in `required`.
    /// `writers` are the fragments that wrote the ranges (named in the report).
    func reportCoverage(_ ranges: [Range<Int>], required: Range<Int>, what: String, element: [Int],
                        writers: [Int], into report: inout CheckReportBuilder) {
        let (gaps, overlaps) = IntervalCoverage.check(ranges, required: required)
        for gap in gaps {
            report.add(.uncovered, contributors: writers, element: element, expected: 1, actual: 0,
                       "\(what) \(gap) is computed by no fragment")
        }
        for overlap in overlaps {
            report.add(.overlap, contributors: writers, element: element, expected: 1, actual: 2,
                       "\(what) \(overlap) is computed by more than one fragment")
        }
    }
}
