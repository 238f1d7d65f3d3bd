/// A clock: converts between cycle counts and `SimTime` exactly.
///
/// The period is held as the exact rational `periodNumerator / periodDenominator` picoseconds, so
/// a 650 MHz clock (1538.46... ps) or a 1.3 GHz command clock never accumulates rounding error:
/// every conversion is computed from the absolute cycle number with 128-bit intermediates, and
/// the result is off from the true edge by less than 1 ps at any cycle count.
public struct ClockDomain: Hashable, Sendable, CustomStringConvertible {
    /// A short name for reports, e.g. "hbm3.tCK" or "logic-pim".
    public let name: String
    /// Period numerator in picoseconds.
    public let periodNumerator: Int64
    /// Period denominator (dimensionless).
    public let periodDenominator: Int64

    /// A clock whose period is an exact number of picoseconds (e.g. tCK = 769 ps).
    public init(name: String, period: SimTime) {
        precondition(period.picoseconds > 0, "clock \(name): period must be positive")
        self.name = name
        self.periodNumerator = period.picoseconds
        self.periodDenominator = 1
    }

    /// A clock of the given frequency: period = 10^12 / hertz ps, reduced to lowest terms.
    public init(name: String, frequency: Frequency) {
        let g = ClockDomain.gcd(1_000_000_000_000, frequency.hertz)
        self.name = name
        self.periodNumerator = 1_000_000_000_000 / g
        self.periodDenominator = frequency.hertz / g
    }

    /// The period, rounded to the nearest picosecond (display and coarse estimates only).
    public var approximatePeriod: SimTime {
        SimTime(picoseconds: (periodNumerator + periodDenominator / 2) / periodDenominator)
    }

    /// The frequency in hertz as a Double (display only).
    public var frequencyHertz: Double { 1e12 * Double(periodDenominator) / Double(periodNumerator) }

    /// The first whole picosecond at or after the rising edge of cycle `cycle` (cycle 0 at t = 0).
    public func time(ofCycle cycle: Int64) -> SimTime {
        precondition(cycle >= 0, "clock \(name): negative cycle \(cycle)")
        let (q, r) = ClockDomain.mulDiv(cycle, periodNumerator, periodDenominator)
        return SimTime(picoseconds: r == 0 ? q : q + 1)
    }

    /// The duration of `cycles` whole cycles starting at cycle 0, rounded up to a picosecond.
    public func duration(ofCycles cycles: Int64) -> SimTime { time(ofCycle: cycles) }

    /// The number of the cycle in progress at `time` (the last edge at or before it).
    public func cycle(containing time: SimTime) -> Int64 {
        precondition(time.picoseconds >= 0, "clock \(name): negative time \(time)")
        return ClockDomain.mulDiv(time.picoseconds, periodDenominator, periodNumerator).quotient
    }

    /// The first cycle whose edge time (as given by `time(ofCycle:)`) is at or after `time`.
    public func firstCycle(atOrAfter time: SimTime) -> Int64 {
        precondition(time.picoseconds >= 0, "clock \(name): negative time \(time)")
        let (q, r) = ClockDomain.mulDiv(time.picoseconds, periodDenominator, periodNumerator)
        var candidate = r == 0 ? q : q + 1
        if candidate > 0, self.time(ofCycle: candidate - 1) >= time { candidate -= 1 }
        return candidate
    }

    /// The time of the first edge at or after `time`.
    public func nextEdge(atOrAfter time: SimTime) -> SimTime {
        self.time(ofCycle: firstCycle(atOrAfter: time))
    }

    public var description: String {
        periodDenominator == 1
            ? "\(name) (\(SimTime(picoseconds: periodNumerator)) period)"
            : "\(name) (\(periodNumerator)/\(periodDenominator) ps period)"
    }

    /// (a * b) / c with a 128-bit intermediate; a, b >= 0, c > 0. Traps if the quotient overflows.
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> (quotient: Int64, remainder: Int64) {
        let product = UInt64(a).multipliedFullWidth(by: UInt64(b))
        let (q, r) = UInt64(c).dividingFullWidth(product)
        precondition(q <= UInt64(Int64.max), "clock conversion overflow")
        return (Int64(q), Int64(r))
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
