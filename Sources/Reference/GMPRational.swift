import CGMP

/// An exact GMP rational (`mpq_t`, always in canonical form) with Swift ownership: initialised
/// in `init`, cleared and freed in `deinit`.
///
/// Every finite binary floating-point number is a dyadic rational, so sums and products of
/// `Float`/`Double` inputs are *exact* here: the oracle's dot products use it as ground truth.
/// Operations write into `self`; operands may alias `self`. Not `Sendable`.
/// Cost grows with the size of numerator and denominator (a gcd per operation).
public final class GMPRational: CustomStringConvertible {
    let raw: UnsafeMutablePointer<__mpq_struct>

    /// Zero.
    public init() {
        raw = .allocate(capacity: 1)
        __gmpq_init(raw)
    }

    /// `value` exactly; precondition: finite.
    public convenience init(_ value: Double) {
        self.init()
        set(value)
    }

    /// numerator / denominator, canonicalised; precondition: denominator > 0.
    public convenience init(numerator: Int, denominator: Int) {
        precondition(denominator > 0, "rational with denominator \(denominator)")
        self.init()
        __gmpq_set_si(raw, numerator, UInt(denominator))
        __gmpq_canonicalize(raw)
    }

    deinit {
        __gmpq_clear(raw)
        raw.deallocate()
    }

    /// self = value exactly; precondition: finite.
    public func set(_ value: Double) {
        precondition(value.isFinite, "GMPRational cannot hold \(value)")
        __gmpq_set_d(raw, value)
    }

    /// self = other.
    public func set(_ other: GMPRational) { __gmpq_set(raw, other.raw) }

    /// self = a + b.
    public func formSum(_ a: GMPRational, _ b: GMPRational) { __gmpq_add(raw, a.raw, b.raw) }
    /// self = a - b.
    public func formDifference(_ a: GMPRational, _ b: GMPRational) { __gmpq_sub(raw, a.raw, b.raw) }
    /// self = a * b.
    public func formProduct(_ a: GMPRational, _ b: GMPRational) { __gmpq_mul(raw, a.raw, b.raw) }
    /// self = |a|.
    public func formMagnitude(_ a: GMPRational) { __gmpq_abs(raw, a.raw) }

    /// Exact equality.
    public func isEqual(to other: GMPRational) -> Bool { __gmpq_equal(raw, other.raw) != 0 }

    /// Three-way comparison: negative, zero or positive.
    public func compare(_ other: GMPRational) -> Int { Int(__gmpq_cmp(raw, other.raw)) }

    /// The value as a Double, truncated toward zero (GMP `mpq_get_d`).
    public var doubleValue: Double { __gmpq_get_d(raw) }

    /// "numerator/denominator" in base 10 ("n" when the denominator is 1). The buffer is owned
    /// here (sized by `mpz_sizeinbase`), so nothing is left for GMP's allocator to free.
    public var description: String {
        let digits = __gmpz_sizeinbase(&raw.pointee._mp_num, 10) + __gmpz_sizeinbase(&raw.pointee._mp_den, 10) + 3
        var buffer = [CChar](repeating: 0, count: digits)
        buffer.withUnsafeMutableBufferPointer { b in _ = __gmpq_get_str(b.baseAddress, 10, raw) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
