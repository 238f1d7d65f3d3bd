#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scalar types the reference kernels compute in: `Float` (IEEE binary32) and `Double`
/// (IEEE binary64). Accumulation happens in the scalar type; storage rounding to FP16/BF16 is
/// applied separately (`StorageFormat`).
///
/// The elementary functions come from the platform C library (glibc on Linux). The error bounds
/// in `ErrorBound` assume each is within `libmULPs` units in the last place, a documented
/// property of glibc's `exp`/`expf`/`erf`/`erff` ("Known Maximum Errors in Math Functions",
/// glibc manual: at most 1-2 ulp on x86_64); the oracle tests check the assumption holds.
public protocol ReferenceScalar: BinaryFloatingPoint, Sendable, Codable where RawSignificand: FixedWidthInteger {
    /// e^x, from the C library.
    static func exponential(_ x: Self) -> Self
    /// The error function erf(x), from the C library.
    static func errorFunction(_ x: Self) -> Self
    /// The square root (correctly rounded, IEEE 754).
    static func squareRoot(_ x: Self) -> Self
}

extension ReferenceScalar {
    /// Unit roundoff u = 2^-p of this type (p = significand bits incl. the hidden bit):
    /// 2^-24 for `Float`, 2^-53 for `Double`.
    public static var unitRoundoff: Double {
        Double(sign: .plus, exponent: -(Self.significandBitCount + 1), significand: 1)
    }

    /// The maximum error of the C library's elementary functions assumed by the error bounds,
    /// in ulps (glibc manual, "Known Maximum Errors in Math Functions": exp/expf/erf/erff <= 2).
    public static var libmULPs: Double { 2 }
}

extension Float: ReferenceScalar {
    public static func exponential(_ x: Float) -> Float { expf(x) }
    public static func errorFunction(_ x: Float) -> Float { erff(x) }
    public static func squareRoot(_ x: Float) -> Float { x.squareRoot() }
}

extension Double: ReferenceScalar {
    public static func exponential(_ x: Double) -> Double { exp(x) }
    public static func errorFunction(_ x: Double) -> Double { erf(x) }
    public static func squareRoot(_ x: Double) -> Double { x.squareRoot() }
}
