/// A point in simulated time, or a duration, as a whole number of picoseconds.
///
/// Integer picoseconds make event ordering exact and reproducible: no two runs can disagree on
/// whether two events coincide. Range: about +-106 days. All arithmetic is overflow-checked and
/// stops the program with a message rather than wrapping.
public struct SimTime: Hashable, Comparable, Sendable {
    /// The time in picoseconds (1e-12 s).
    public var picoseconds: Int64

    public init(picoseconds: Int64) { self.picoseconds = picoseconds }

    public static let zero = SimTime(picoseconds: 0)
    /// The largest representable time; used as "never".
    public static let max = SimTime(picoseconds: Int64.max)

    public static func ps(_ value: Int64) -> SimTime { SimTime(picoseconds: value) }
    public static func ns(_ value: Int64) -> SimTime { SimTime(picoseconds: checkedMul(value, 1_000)) }
    public static func us(_ value: Int64) -> SimTime { SimTime(picoseconds: checkedMul(value, 1_000_000)) }
    public static func ms(_ value: Int64) -> SimTime { SimTime(picoseconds: checkedMul(value, 1_000_000_000)) }

    /// Seconds as a Double, for reports and rates (never for ordering).
    public var seconds: Double { Double(picoseconds) * 1e-12 }
    /// Nanoseconds as a Double, for reports.
    public var nanoseconds: Double { Double(picoseconds) * 1e-3 }
    /// Microseconds as a Double, for reports.
    public var microseconds: Double { Double(picoseconds) * 1e-6 }

    /// The nearest whole picosecond to `seconds`, rounding half away from zero.
    public init(seconds: Double) {
        let ps = (seconds * 1e12).rounded()
        precondition(ps.isFinite && abs(ps) < 9.2e18, "SimTime(seconds: \(seconds)) is out of range")
        self.picoseconds = Int64(ps)
    }

    /// The smallest whole picosecond at or after `seconds`: a lower bound on a physical duration
    /// is never rounded below what physics allows.
    public init(secondsRoundingUp seconds: Double) {
        self.init(picosecondsRoundingUp: seconds * 1e12)
    }

    /// The smallest whole picosecond at or after `picoseconds`.
    public init(picosecondsRoundingUp picoseconds: Double) {
        let ps = picoseconds.rounded(.up)
        precondition(ps.isFinite && abs(ps) < 9.2e18, "SimTime(picosecondsRoundingUp: \(picoseconds)) is out of range")
        self.picoseconds = Int64(ps)
    }

    public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.picoseconds < rhs.picoseconds }

    public static func + (lhs: SimTime, rhs: SimTime) -> SimTime {
        let (sum, overflow) = lhs.picoseconds.addingReportingOverflow(rhs.picoseconds)
        precondition(!overflow, "SimTime overflow: \(lhs) + \(rhs)")
        return SimTime(picoseconds: sum)
    }

    public static func - (lhs: SimTime, rhs: SimTime) -> SimTime {
        let (difference, overflow) = lhs.picoseconds.subtractingReportingOverflow(rhs.picoseconds)
        precondition(!overflow, "SimTime overflow: \(lhs) - \(rhs)")
        return SimTime(picoseconds: difference)
    }

    public static func * (lhs: SimTime, rhs: Int64) -> SimTime {
        SimTime(picoseconds: checkedMul(lhs.picoseconds, rhs))
    }

    public static func * (lhs: Int64, rhs: SimTime) -> SimTime { rhs * lhs }

    public static func += (lhs: inout SimTime, rhs: SimTime) { lhs = lhs + rhs }
    public static func -= (lhs: inout SimTime, rhs: SimTime) { lhs = lhs - rhs }

    /// Ratio of two durations, e.g. a utilisation.
    public static func / (lhs: SimTime, rhs: SimTime) -> Double {
        Double(lhs.picoseconds) / Double(rhs.picoseconds)
    }

    private static func checkedMul(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        precondition(!overflow, "SimTime overflow: \(a) x \(b) ps")
        return product
    }
}

extension SimTime: CustomStringConvertible, LosslessStringConvertible {
    static let units: [(symbol: String, digits: Int)] = [
        ("ps", 0), ("ns", 3), ("us", 6), ("µs", 6), ("ms", 9), ("s", 12),
    ]

    /// Exact text in the largest unit that keeps it at or above 1, e.g. "13.75ns", "3.9us".
    public var description: String {
        let magnitude = picoseconds.magnitude
        let unit: (symbol: String, digits: Int) =
            magnitude >= 1_000_000_000_000 ? ("s", 12)
            : magnitude >= 1_000_000_000 ? ("ms", 9)
            : magnitude >= 1_000_000 ? ("us", 6)
            : magnitude >= 1_000 ? ("ns", 3) : ("ps", 0)
        return QuantityText.formatScaled(picoseconds, scaleDigits: unit.digits) + unit.symbol
    }

    /// Reads "13.75ns", "769ps", "3.9us", "1e-6s". The value must be a whole number of
    /// picoseconds; a bare number without a unit is rejected.
    public init(parsing text: String) throws {
        let accepted = SimTime.units.map(\.symbol)
        let (numberText, unitText) = QuantityText.split(text)
        guard let unit = SimTime.units.first(where: { $0.symbol == unitText }) else {
            let reason = unitText.isEmpty ? "a unit is required" : "unknown unit \"\(unitText)\""
            throw UnitParseError(input: text, quantity: "time", reason: reason, acceptedUnits: accepted)
        }
        guard let decimal = QuantityText.exactDecimal(numberText) else {
            throw UnitParseError(input: text, quantity: "time", reason: "no number before the unit", acceptedUnits: accepted)
        }
        guard let ps = QuantityText.integer(decimal, shiftedBy: unit.digits) else {
            throw UnitParseError(input: text, quantity: "time",
                                 reason: "not a whole number of picoseconds, or out of range", acceptedUnits: accepted)
        }
        self.picoseconds = ps
    }

    public init?(_ description: String) {
        guard let value = try? SimTime(parsing: description) else { return nil }
        self = value
    }
}
