/// Rigorous a-priori error bounds of the reference kernels, derived by the standard
/// floating-point model fl(a op b) = (a op b)(1 + delta), |delta| <= u (Higham, *Accuracy and
/// Stability of Numerical Algorithms*, 2nd ed., ch. 2-3), from magnitudes the oracle (or a
/// Double evaluation) supplies. Tolerances in tests and in `PlanExecutor` come from here; none
/// is tuned. Derivations: docs/reference.md, "Tolerance derivation".
///
/// Symbols: u = unit roundoff of the arithmetic type, u_s = unit roundoff of the storage
/// format, u_f = 2 * libmULPs * u the relative error of a C-library exp/erf,
/// gamma_n = n u / (1 - n u).
public struct ErrorBound: Sendable, Equatable {
    /// Unit roundoff of the arithmetic (2^-24 Float, 2^-53 Double).
    public let u: Double
    /// Unit roundoff of the storage format (2^-11 FP16, 2^-8 BF16; 0 when storage is not
    /// coarser than the arithmetic, since rounding to it is then the identity).
    public let storage: Double
    /// Relative error of one C-library elementary function (exp, erf).
    public let function: Double
    /// Absolute error of one storage rounding below the normal range (gradual underflow):
    /// half the subnormal spacing, 2^(minExponent - significandBits) (2^-25 for FP16); 0 when
    /// storage is not coarser than the arithmetic. A storage rounding of x therefore errs by
    /// at most u_s |x| + eta. Underflow in the arithmetic type itself is assumed absent (for
    /// Float it needs exp arguments below -87, i.e. score spreads far beyond these models').
    public let underflow: Double

    /// The model for arithmetic type `T` storing in `format`.
    public init<T: ReferenceScalar>(_: T.Type, storage format: StorageFormat) {
        u = T.unitRoundoff
        storage = format.significandBits > T.significandBitCount ? 0 : format.unitRoundoff
        function = 2 * T.libmULPs * T.unitRoundoff
        underflow = storage == 0 ? 0 : Double(sign: .plus, exponent: format.minExponent - format.significandBits, significand: 1)
    }

    /// gamma_n = n u / (1 - n u); precondition n u < 1.
    public func gamma(_ n: Int) -> Double {
        let nu = Double(n) * u
        precondition(nu < 1, "gamma_\(n) undefined for u = \(u)")
        return nu / (1 - nu)
    }

    /// A GEMM / dot-product element c = sum_i a_i b_i of length k, accumulated as `partials`
    /// stored partial sums (1 = unsplit) and stored once more as the result:
    /// err <= e1 + u_s (|c| + e1), e1 = gamma_(k + P - 1) S for P = 1, and
    /// e1 = ((1 + gamma_(k + P - 1))(1 + u_s) - 1) S for P > 1 (each partial stored),
    /// with S = sum_i |a_i b_i| and `magnitude` >= |c|; plus eta per storage rounding (P + 1
    /// for P > 1, else 1).
    public func dot(length k: Int, absoluteSum s: Double, magnitude: Double, partials: Int = 1) -> Double {
        precondition(partials >= 1, "partials \(partials)")
        let g = gamma(k + partials - 1)
        let e1 = partials == 1 ? g * s : ((1 + g) * (1 + storage) - 1) * s + Double(partials) * underflow
        return e1 + storage * (magnitude + e1) + underflow
    }

    /// One attention output element o_c = sum_j p_j v_jc (see docs/reference.md):
    /// - `headDim` d, `keys` L visible keys, `fragments` F key ranges merged online (1 =
    ///   unsplit reference), `scoreMagnitude` S = |scale| max_j sum_c |q_c k_jc|,
    ///   `weightedValues` W = sum_j p_j |v_jc|, `valueSum` V = sum_j |v_jc|, `magnitude` >= |o_c|.
    /// Score error D = (gamma_(d+1) + u_s (1 + gamma_(d+1))) S + eta; score spread R = 2 (S + D);
    /// weight error eps_w = e^(D + F R u) (1 + u_f)^F (1 + u)^(2F) (1 + u_s)^(2F) - 1;
    /// n = L + F, eps_l = (1 + eps_w)(1 + gamma_n) - 1;
    /// e1 = ((1 + eps_w)(1 + gamma_n)(1 + u)(1 + u_s) / (1 - eps_l) - 1) W;
    /// err <= e1 + u_s (|o_c| + e1) + eta (V + 2F + 1) (underflow of stored probabilities,
    /// which meet v_jc; of stored partial accumulators, divided by l >= 1; of the output).
    public func attention(headDim d: Int, keys l: Int, fragments f: Int, scoreMagnitude s: Double,
                          weightedValues w: Double, valueSum v: Double, magnitude: Double) -> Double {
        precondition(f >= 1 && l >= 1, "attention bound needs keys and fragments")
        let gd = gamma(d + 1)
        let scoreError = (gd + storage * (1 + gd)) * s + underflow
        let spread = 2 * (s + scoreError)
        let ff = Double(f)
        let epsW = Double.exponential(scoreError + ff * spread * u)
            * pow1p(function, f) * pow1p(u, 2 * f) * pow1p(storage, 2 * f) - 1
        let gn = gamma(l + f)
        let epsL = (1 + epsW) * (1 + gn) - 1
        precondition(epsL < 1, "attention error bound diverges (eps_l = \(epsL))")
        let e1 = ((1 + epsW) * (1 + gn) * (1 + u) * (1 + storage) / (1 - epsL) - 1) * w
        return e1 + storage * (magnitude + e1) + underflow * (v + Double(2 * f + 1))
    }

    /// Relative error bound of one probability of `Softmax.stable` on exact inputs of length
    /// n whose spread max_j |x_j - max x| is at most `spread` R:
    /// eps_w = e^(R u)(1 + u_f) - 1 (subtraction rounding inside exp, then exp's own error),
    /// eps_l = (1 + eps_w)(1 + gamma_n) - 1 (recursive sum of positive terms),
    /// |p^ - p| / p <= (1 + eps_w)(1 + u)(1 + u_s) / (1 - eps_l) - 1 (division, storage);
    /// add `underflow` (eta) for the absolute error of a probability stored below the normal range.
    public func softmaxRelative(length n: Int, spread r: Double) -> Double {
        let epsW = Double.exponential(r * u) * (1 + function) - 1
        let epsL = (1 + epsW) * (1 + gamma(n)) - 1
        precondition(epsL < 1, "softmax error bound diverges")
        return (1 + epsW) * (1 + u) * (1 + storage) / (1 - epsL) - 1
    }

    /// The bound of a stored activation f(z) (SwiGLU's silu or GELU) given the error `inputError`
    /// of z and |z| <= `inputMagnitude`: sup|f'| * e_z plus the evaluation error.
    /// silu(z) = z / (1 + e^-z): relative evaluation error (1 + u)/((1 - u_f)(1 - u)) - 1 of
    /// |silu| <= |z|. gelu(z) = z/2 (1 + erf(z / sqrt 2)): absolute evaluation error
    /// (|z| / 2)(u_f + 3u)(1 + u) + u |z| (the 1 + erf sum is bounded absolutely, since it
    /// cancels for negative z; the argument rounding adds at most u through erf' <= 2/sqrt(pi)).
    /// Not including the storage rounding of the result.
    public func activation(_ kind: FFNActivation, inputError e: Double, inputMagnitude z: Double) -> Double {
        let lipschitz = kind.derivativeBound * e
        switch kind {
        case .swiglu:
            let rel = (1 + u) / ((1 - function) * (1 - u)) - 1
            return lipschitz + rel * (z + e)
        case .gelu:
            let zz = z + e
            return lipschitz + (zz / 2) * (function + 3 * u) * (1 + u) + u * zz
        }
    }

    /// (1 + x)^n for small x, n >= 0.
    private func pow1p(_ x: Double, _ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 1 + x }
        return result
    }
}
