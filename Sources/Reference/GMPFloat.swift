import CGMP

/// A GMP multiple-precision float (`mpf_t`) with Swift ownership: initialised with a fixed
/// precision in `init`, cleared and freed in `deinit`, so no limb memory outlives the object.
///
/// Operations write into `self` (`formSum(a, b)` sets self = a + b) so loops reuse storage
/// instead of allocating; operands may alias `self` (GMP allows it). Not `Sendable`: one
/// owner at a time. Precision: GMP keeps at least `precision` bits of mantissa (mpf rounds
/// results by truncation to that precision). O(precision) per add, O(precision^1.6) per multiply.
public final class GMPFloat {
    let raw: UnsafeMutablePointer<__mpf_struct>

    /// Zero with at least `precision` bits of mantissa.
    public init(precision: Int) {
        precondition(precision >= 64, "GMPFloat precision \(precision) < 64 bits")
        raw = .allocate(capacity: 1)
        __gmpf_init2(raw, mp_bitcnt_t(precision))
    }

    /// `value` exactly (every finite Double fits in 53 bits).
    public convenience init(_ value: Double, precision: Int) {
        self.init(precision: precision)
        set(value)
    }

    deinit {
        __gmpf_clear(raw)
        raw.deallocate()
    }

    /// Bits of mantissa actually held (>= the requested precision).
    public var precision: Int { Int(__gmpf_get_prec(raw)) }

    /// self = value (exact); precondition: finite.
    public func set(_ value: Double) {
        precondition(value.isFinite, "GMPFloat cannot hold \(value)")
        __gmpf_set_d(raw, value)
    }

    /// self = other.
    public func set(_ other: GMPFloat) { __gmpf_set(raw, other.raw) }

    /// self = the rational `q` (rounded to this precision).
    public func set(_ q: GMPRational) { __gmpf_set_q(raw, q.raw) }

    /// self = a + b.
    public func formSum(_ a: GMPFloat, _ b: GMPFloat) { __gmpf_add(raw, a.raw, b.raw) }
    /// self = a - b.
    public func formDifference(_ a: GMPFloat, _ b: GMPFloat) { __gmpf_sub(raw, a.raw, b.raw) }
    /// self = a * b.
    public func formProduct(_ a: GMPFloat, _ b: GMPFloat) { __gmpf_mul(raw, a.raw, b.raw) }
    /// self = a / b; precondition: b != 0.
    public func formQuotient(_ a: GMPFloat, _ b: GMPFloat) {
        precondition(b.sign != 0, "GMPFloat division by zero")
        __gmpf_div(raw, a.raw, b.raw)
    }
    /// self = |a|.
    public func formMagnitude(_ a: GMPFloat) { __gmpf_abs(raw, a.raw) }
    /// self = a * 2^exponent (exact).
    public func formScaled(_ a: GMPFloat, byPowerOfTwo exponent: Int) {
        if exponent >= 0 {
            __gmpf_mul_2exp(raw, a.raw, mp_bitcnt_t(exponent))
        } else {
            __gmpf_div_2exp(raw, a.raw, mp_bitcnt_t(-exponent))
        }
    }
    /// self = a / n for a machine integer n > 0.
    public func formQuotient(_ a: GMPFloat, dividingBy n: UInt) {
        precondition(n > 0, "GMPFloat division by zero")
        __gmpf_div_ui(raw, a.raw, n)
    }

    /// -1, 0 or +1.
    public var sign: Int {
        let c = __gmpf_cmp_ui(raw, 0)
        return c < 0 ? -1 : (c > 0 ? 1 : 0)
    }

    /// Three-way comparison with `other`: negative, zero or positive.
    public func compare(_ other: GMPFloat) -> Int { Int(__gmpf_cmp(raw, other.raw)) }

    /// The value as a Double, truncated toward zero (GMP `mpf_get_d`: relative error < 2^-52).
    public var doubleValue: Double { __gmpf_get_d(raw) }
}
