/// A number format a hardware unit stores tensors in (memory, on-chip buffers). Arithmetic in
/// the reference kernels happens in the scalar type (`Float`/`Double`); every value the
/// hardware *stores* is rounded to its storage format with round-to-nearest-even, exactly as
/// an IEEE 754 conversion would (overflow to infinity, gradual underflow to subnormals).
///
/// Sources: IEEE 754-2008 binary16 (FP16: 11 significand bits, exponents -14...15) and the
/// bfloat16 format (BF16: 8 significand bits, the exponent range of binary32).
public enum StorageFormat: String, Codable, Sendable, CaseIterable {
    case fp64
    case fp32
    case fp16
    case bf16

    /// Significand precision p in bits, including the hidden bit.
    public var significandBits: Int {
        switch self {
        case .fp64: 53
        case .fp32: 24
        case .fp16: 11
        case .bf16: 8
        }
    }

    /// Smallest normal exponent (the value 2^minExponent is the smallest normal number).
    public var minExponent: Int {
        switch self {
        case .fp64: -1022
        case .fp32, .bf16: -126
        case .fp16: -14
        }
    }

    /// Largest exponent of a finite number.
    public var maxExponent: Int {
        switch self {
        case .fp64: 1023
        case .fp32, .bf16: 127
        case .fp16: 15
        }
    }

    /// Bytes one element occupies in memory (used by the byte accounting).
    public var bytesPerElement: Int {
        switch self {
        case .fp64: 8
        case .fp32: 4
        case .fp16, .bf16: 2
        }
    }

    /// Unit roundoff u = 2^-p: the relative error bound of one rounding to this format (for
    /// results in the normal range).
    public var unitRoundoff: Double { Double(sign: .plus, exponent: -significandBits, significand: 1) }

    /// `x` rounded to this format (round to nearest, ties to even), returned in `T`.
    /// Exact for every representable value; O(1).
    ///
    /// Method: `x` converts to `Double` exactly (Float and Double only), the quantum
    /// 2^(max(e, minExponent) - p + 1) of the target format at x's binade is a power of two,
    /// so `x / quantum` is exact and `rounded(.toNearestOrEven)` performs the one rounding;
    /// a result beyond the largest finite value becomes infinity (IEEE overflow under RNE).
    public func round<T: BinaryFloatingPoint>(_ x: T) -> T {
        if self == .fp64 && T.significandBitCount <= 52 { return x }
        if self == .fp32 && T.significandBitCount <= 23 { return x }
        let value = Double(x)
        guard value.isFinite, value != 0 else { return x }
        let binade = max(Int(value.exponent), minExponent)
        let quantumExponent = binade - significandBits + 1
        let quantum = Double(sign: .plus, exponent: quantumExponent, significand: 1)
        let scaled = (value / quantum).rounded(.toNearestOrEven)
        let result = scaled * quantum
        let largest = Double(sign: .plus, exponent: maxExponent, significand: 1)
            * (2 - Double(sign: .plus, exponent: -(significandBits - 1), significand: 1))
        if abs(result) > largest { return result < 0 ? -T.infinity : T.infinity }
        return T(result)
    }
}
