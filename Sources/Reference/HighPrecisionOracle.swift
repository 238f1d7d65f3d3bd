/// The high-precision oracle: dot products, exponentials, softmax and attention rows at
/// `precision` bits (>= 256) with GMP floats, to measure the error of the `Float`/`Double`/
/// FP16-storage kernels and to check the derived error bounds (`ErrorBound`).
///
/// Method.
/// - Inputs are the kernels' own inputs converted exactly to Double (Float -> Double is exact).
/// - Working precision is `precision + 64` guard bits; each operation truncates once at that
///   precision, so a length-n sum or dot product has relative error below n 2^-(precision+63)
///   of sum |terms| (far below any kernel error measured; Double's unit roundoff is 2^-53).
/// - exp(x): argument reduction x = n ln2 + r with n = round(x / ln2), |r| <= ln2/2 (ln2 from
///   the series ln 2 = 2 atanh(1/3) = 2 sum_k 3^-(2k+1)/(2k+1), computed once per oracle),
///   then r' = r / 2^16, Taylor series sum r'^k / k! until the term is below
///   2^-(working precision), then 16 squarings, then the exact scaling by 2^n. The 16
///   squarings multiply the relative error by at most 2^17, well inside the 64 guard bits.
/// - softmax(x) = exp(x_i - max x) / sum_j exp(x_j - max x), all at working precision.
///
/// Exact rational dot products (`exactDot`) are also offered (GMP `mpq`), for tests of exactness.
/// The oracle owns its scratch numbers; not `Sendable` (create one per thread).
public final class HighPrecisionOracle {
    /// Requested precision in bits (results are good to about this many bits).
    public let precision: Int
    /// Precision every internal number carries: `precision + 64`.
    public let workingPrecision: Int
    /// ln 2 at working precision.
    private let ln2: GMPFloat
    private let scratchA: GMPFloat
    private let scratchB: GMPFloat
    private let scratchTerm: GMPFloat

    /// An oracle good to `precision` bits; precondition: precision >= 256.
    public init(precision: Int = 256) {
        precondition(precision >= 256, "the oracle needs >= 256 bits, got \(precision)")
        self.precision = precision
        workingPrecision = precision + 64
        ln2 = GMPFloat(precision: workingPrecision)
        scratchA = GMPFloat(precision: workingPrecision)
        scratchB = GMPFloat(precision: workingPrecision)
        scratchTerm = GMPFloat(precision: workingPrecision)
        computeLn2()
    }

    /// A new number at working precision holding `value`.
    public func number(_ value: Double = 0) -> GMPFloat { GMPFloat(value, precision: workingPrecision) }

    /// ln 2 = 2 sum_(k>=0) (1/3)^(2k+1) / (2k+1), until the term drops below 2^-(wp + 8).
    private func computeLn2() {
        let power = number(1)          // (1/3)^(2k+1)
        power.formQuotient(power, dividingBy: 3)
        let sum = number(0)
        let limit = number(1)
        limit.formScaled(limit, byPowerOfTwo: -(workingPrecision + 8))
        var k: UInt = 0
        while power.compare(limit) > 0 {
            scratchTerm.formQuotient(power, dividingBy: 2 * k + 1)
            sum.formSum(sum, scratchTerm)
            power.formQuotient(power, dividingBy: 9)
            k += 1
        }
        ln2.formScaled(sum, byPowerOfTwo: 1)
    }

    /// ln 2 at working precision (a copy).
    public var logTwo: GMPFloat {
        let copy = number()
        copy.set(ln2)
        return copy
    }

    /// result = e^x at working precision (argument reduction + Taylor series, see type doc).
    /// Precondition: |x| < 2^50 (so the reduction count fits a machine integer).
    public func formExp(_ result: GMPFloat, _ x: GMPFloat) {
        let squarings = 16
        // n = round(x / ln2), from a Double estimate (|x/ln2 - n| <= 1/2 + tiny is enough).
        scratchA.formQuotient(x, ln2)
        let estimate = scratchA.doubleValue
        precondition(abs(estimate) < 0x1p50, "oracle exp argument out of range")
        let n = Int(estimate.rounded())
        // r = x - n ln2, then r' = r / 2^16.
        scratchA.set(Double(n))
        scratchA.formProduct(scratchA, ln2)
        scratchA.formDifference(x, scratchA)
        scratchA.formScaled(scratchA, byPowerOfTwo: -squarings)
        // Taylor: sum r'^k / k!.
        result.set(1)
        scratchTerm.set(1)
        let limit = scratchB
        limit.set(1)
        limit.formScaled(limit, byPowerOfTwo: -(workingPrecision + 4))
        var k: UInt = 1
        while true {
            scratchTerm.formProduct(scratchTerm, scratchA)
            scratchTerm.formQuotient(scratchTerm, dividingBy: k)
            result.formSum(result, scratchTerm)
            scratchB.formMagnitude(scratchTerm)
            let magnitude = scratchB.doubleValue
            if magnitude == 0 || magnitude < 0x1p-1000 || magnitude.exponent < -(workingPrecision + 4) { break }
            k += 1
        }
        for _ in 0..<squarings { result.formProduct(result, result) }
        result.formScaled(result, byPowerOfTwo: n)
    }

    /// e^x for a Double x, as a new number.
    public func exp(_ x: Double) -> GMPFloat {
        let result = number()
        formExp(result, number(x))
        return result
    }

    /// sum_i a_i b_i at working precision.
    public func dot(_ a: [Double], _ b: [Double]) -> GMPFloat {
        precondition(a.count == b.count, "dot of lengths \(a.count) and \(b.count)")
        let sum = number()
        let x = scratchA, y = scratchB
        for i in a.indices {
            x.set(a[i])
            y.set(b[i])
            x.formProduct(x, y)
            sum.formSum(sum, x)
        }
        return sum
    }

    /// sum_i a_i b_i exactly (rational arithmetic).
    public func exactDot(_ a: [Double], _ b: [Double]) -> GMPRational {
        precondition(a.count == b.count, "dot of lengths \(a.count) and \(b.count)")
        let sum = GMPRational(), x = GMPRational(), y = GMPRational()
        for i in a.indices {
            x.set(a[i])
            y.set(b[i])
            x.formProduct(x, y)
            sum.formSum(sum, x)
        }
        return sum
    }

    /// softmax(x) at working precision: exp(x_i - max) / sum_j exp(x_j - max).
    public func softmax(_ x: [Double]) -> [GMPFloat] {
        precondition(!x.isEmpty, "softmax of an empty vector")
        let maximum = number(x.max()!)
        let sum = number()
        let shifted = number()
        var weights: [GMPFloat] = []
        weights.reserveCapacity(x.count)
        for value in x {
            shifted.set(value)
            shifted.formDifference(shifted, maximum)
            let w = number()
            formExp(w, shifted)
            sum.formSum(sum, w)
            weights.append(w)
        }
        for w in weights { w.formQuotient(w, sum) }
        return weights
    }

    /// One attention output row: scores s_j = (q . k_j) * scale (exact inputs, working
    /// precision), p = softmax(s), output_c = sum_j p_j v_jc. `keys` and `values` are
    /// `keyCount x d` row-major. O(L d) high-precision operations.
    public func attentionRow(query: [Double], keys: [Double], values: [Double], scale: Double) -> [GMPFloat] {
        let d = query.count
        precondition(d > 0 && keys.count % d == 0 && values.count == keys.count, "attention row layout")
        let count = keys.count / d
        let scaleNumber = number(scale)
        let q = query.map { number($0) }
        var scores: [GMPFloat] = []
        for j in 0..<count {
            let s = number()
            accumulateProducts(into: s, terms: d) { (keys[j * d + $0], q[$0]) }
            s.formProduct(s, scaleNumber)
            scores.append(s)
        }
        var maxIndex = 0
        for j in 1..<max(count, 1) where scores[j].compare(scores[maxIndex]) > 0 { maxIndex = j }
        let maximum = number()
        maximum.set(scores[maxIndex])
        let sum = number()
        for s in scores {
            s.formDifference(s, maximum)
            formExp(s, s)
            sum.formSum(sum, s)
        }
        var out: [GMPFloat] = []
        for c in 0..<d {
            let o = number()
            accumulateProducts(into: o, terms: count) { (values[$0 * d + c], scores[$0]) }
            o.formQuotient(o, sum)
            out.append(o)
        }
        return out
    }

    /// `total += sum over i < terms of x_i * y_i` for `term(i) = (x_i, y_i)`: each exact Double
    /// is multiplied and added at working precision (one rounding per operation).
    private func accumulateProducts(into total: GMPFloat, terms: Int, _ term: (Int) -> (Double, GMPFloat)) {
        for i in 0..<terms {
            let (x, y) = term(i)
            scratchA.set(x)
            scratchA.formProduct(scratchA, y)
            total.formSum(total, scratchA)
        }
    }

    /// |approximation - exact| as a Double (the difference is formed at working precision, so
    /// only the final conversion rounds: relative error < 2^-52 of the error itself).
    public func absoluteError(_ approximation: Double, _ exact: GMPFloat) -> Double {
        scratchA.set(approximation)
        scratchA.formDifference(scratchA, exact)
        scratchA.formMagnitude(scratchA)
        return scratchA.doubleValue
    }
}
