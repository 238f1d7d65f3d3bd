/// One accepted unit suffix of a quantity and its scale to the quantity's base unit.
struct ScaledUnit: Sendable {
    /// The suffix as typed, e.g. "GB/s".
    let symbol: String
    /// Base units per one of this unit, e.g. 1e9 for "GB/s" over B/s.
    let factor: Double

    /// Reads `text` as a number followed by one of `units`, returning the value in base units.
    static func parse(_ text: String, quantity: String, units: [ScaledUnit]) throws -> Double {
        let (numberText, unitText) = QuantityText.split(text)
        let accepted = units.map(\.symbol)
        guard !numberText.isEmpty, let number = Double(numberText) else {
            throw UnitParseError(input: text, quantity: quantity, reason: "no number before the unit", acceptedUnits: accepted)
        }
        guard let unit = units.first(where: { $0.symbol == unitText }) else {
            let reason = unitText.isEmpty ? "a unit is required" : "unknown unit \"\(unitText)\""
            throw UnitParseError(input: text, quantity: quantity, reason: reason, acceptedUnits: accepted)
        }
        let value = number * unit.factor
        guard value.isFinite else {
            throw UnitParseError(input: text, quantity: quantity, reason: "value is not finite", acceptedUnits: accepted)
        }
        return value
    }

    /// Picks the largest unit in which `value` is at least 1 (or the smallest unit) and formats it.
    static func format(_ value: Double, units: [ScaledUnit]) -> String {
        let ordered = units.sorted { $0.factor < $1.factor }
        var chosen = ordered[0]
        for unit in ordered where abs(value) >= unit.factor { chosen = unit }
        if value == 0 { chosen = ordered.first(where: { $0.factor == 1 }) ?? ordered[0] }
        return QuantityText.formatDouble(roundedForDisplay(value / chosen.factor)) + chosen.symbol
    }

    /// Removes binary floating-point noise (3.3500000000000001 -> 3.35) by rounding to 12
    /// significant digits; display only, never used in arithmetic.
    static func roundedForDisplay(_ x: Double) -> Double {
        guard x != 0, x.isFinite else { return x }
        let digits = 12 - Int((log10Approx(abs(x))).rounded(.down)) - 1
        let scale = pow10(digits)
        return (x * scale).rounded() / scale
    }

    private static func log10Approx(_ x: Double) -> Double {
        var e = 0.0
        var v = x
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }

    private static func pow10(_ n: Int) -> Double {
        var r = 1.0
        if n >= 0 { for _ in 0..<n { r *= 10 } } else { for _ in 0..<(-n) { r /= 10 } }
        return r
    }
}
