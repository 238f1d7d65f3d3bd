/// A clock frequency as a whole number of hertz (exact, so clock conversions never drift).
public struct Frequency: Hashable, Comparable, Sendable {
    /// Cycles per second.
    public let hertz: Int64

    public init(hertz: Int64) {
        precondition(hertz > 0, "a frequency must be positive, got \(hertz) Hz")
        self.hertz = hertz
    }

    public static func mhz(_ value: Int64) -> Frequency { Frequency(hertz: value * 1_000_000) }
    public static func ghz(_ value: Int64) -> Frequency { Frequency(hertz: value * 1_000_000_000) }

    public static func < (lhs: Frequency, rhs: Frequency) -> Bool { lhs.hertz < rhs.hertz }
}

extension Frequency: CustomStringConvertible {
    static let units: [(symbol: String, digits: Int)] = [("Hz", 0), ("kHz", 3), ("MHz", 6), ("GHz", 9)]

    /// Exact text, e.g. "650MHz", "1.3GHz".
    public var description: String {
        let unit = hertz >= 1_000_000_000 ? Frequency.units[3]
            : hertz >= 1_000_000 ? Frequency.units[2]
            : hertz >= 1_000 ? Frequency.units[1] : Frequency.units[0]
        return QuantityText.formatScaled(hertz, scaleDigits: unit.digits) + unit.symbol
    }

    /// Reads "650MHz", "1.3GHz", "5.2e9Hz". Must be a positive whole number of hertz.
    public init(parsing text: String) throws {
        let accepted = Frequency.units.map(\.symbol)
        let (numberText, unitText) = QuantityText.split(text)
        guard let unit = Frequency.units.first(where: { $0.symbol == unitText }) else {
            let reason = unitText.isEmpty ? "a unit is required" : "unknown unit \"\(unitText)\""
            throw UnitParseError(input: text, quantity: "frequency", reason: reason, acceptedUnits: accepted)
        }
        guard let decimal = QuantityText.exactDecimal(numberText) else {
            throw UnitParseError(input: text, quantity: "frequency", reason: "no number before the unit", acceptedUnits: accepted)
        }
        guard let hz = QuantityText.integer(decimal, shiftedBy: unit.digits), hz > 0 else {
            throw UnitParseError(input: text, quantity: "frequency",
                                 reason: "must be a positive whole number of hertz", acceptedUnits: accepted)
        }
        self.hertz = hz
    }
}
