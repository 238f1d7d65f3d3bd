/// Splitting of a quantity string such as "3.35TB/s" into its number and its unit suffix, and
/// exact decimal arithmetic on the number, shared by every quantity parser in this module.
enum QuantityText {
    /// A decimal number held exactly: `significand * 10^exponent`.
    struct ExactDecimal: Equatable {
        var significand: Int64
        var exponent: Int
        var isNegative: Bool { significand < 0 }
    }

    /// Splits "  13.75 ns " into ("13.75", "ns"). The number is an optional sign, digits with an
    /// optional fraction, and an optional `e`/`E` exponent; whitespace between them is allowed.
    static func split(_ text: String) -> (number: Substring, unit: Substring) {
        let trimmed = text.trimmingWhitespace()
        var index = trimmed.startIndex
        func advance(while predicate: (Character) -> Bool) {
            while index < trimmed.endIndex, predicate(trimmed[index]) { index = trimmed.index(after: index) }
        }
        if index < trimmed.endIndex, trimmed[index] == "+" || trimmed[index] == "-" {
            index = trimmed.index(after: index)
        }
        advance(while: { $0.isASCII && $0.isNumber })
        if index < trimmed.endIndex, trimmed[index] == "." {
            index = trimmed.index(after: index)
            advance(while: { $0.isASCII && $0.isNumber })
        }
        // An exponent only when 'e' is followed by digits (so a unit starting with 'e' survives).
        if index < trimmed.endIndex, trimmed[index] == "e" || trimmed[index] == "E" {
            var probe = trimmed.index(after: index)
            if probe < trimmed.endIndex, trimmed[probe] == "+" || trimmed[probe] == "-" {
                probe = trimmed.index(after: probe)
            }
            if probe < trimmed.endIndex, trimmed[probe].isASCII, trimmed[probe].isNumber {
                index = probe
                advance(while: { $0.isASCII && $0.isNumber })
            }
        }
        let number = trimmed[trimmed.startIndex..<index]
        let unit = trimmed[index...].trimmingWhitespace()
        return (number, Substring(unit))
    }

    /// Reads a decimal number exactly, or nil when it is not a well-formed number or has more
    /// than 18 significant digits.
    static func exactDecimal(_ text: Substring) -> ExactDecimal? {
        var chars = Array(text)
        var negative = false
        if let first = chars.first, first == "+" || first == "-" {
            negative = first == "-"
            chars.removeFirst()
        }
        var exponent = 0
        if let eIndex = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let e = Int(String(chars[(eIndex + 1)...])), abs(e) < 400 else { return nil }
            exponent = e
            chars = Array(chars[..<eIndex])
        }
        var significand: Int64 = 0
        var sawDigit = false
        var sawPoint = false
        for c in chars {
            if c == "." {
                guard !sawPoint else { return nil }
                sawPoint = true
                continue
            }
            guard let digit = c.wholeNumberValue, c.isASCII else { return nil }
            sawDigit = true
            let (times10, o1) = significand.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            significand = sum
            if sawPoint { exponent -= 1 }
        }
        guard sawDigit else { return nil }
        return ExactDecimal(significand: negative ? -significand : significand, exponent: exponent)
    }

    /// `value * 10^shift` as an exact integer, or nil when it is fractional or overflows Int64.
    static func integer(_ value: ExactDecimal, shiftedBy shift: Int) -> Int64? {
        var significand = value.significand
        var exponent = value.exponent + shift
        while exponent < 0 {
            guard significand % 10 == 0 else { return nil }
            significand /= 10
            exponent += 1
        }
        while exponent > 0 {
            let (next, overflow) = significand.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            significand = next
            exponent -= 1
        }
        return significand
    }

    /// Formats `value / 10^scaleDigits` exactly, without trailing zeros: (13750, 3) -> "13.75".
    static func formatScaled(_ value: Int64, scaleDigits: Int) -> String {
        guard scaleDigits > 0 else { return String(value) }
        let negative = value < 0
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        for _ in 0..<scaleDigits { divisor *= 10 }
        let whole = magnitude / divisor
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: scaleDigits - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let body = fraction.isEmpty ? String(whole) : "\(whole).\(fraction)"
        return negative ? "-" + body : body
    }

    /// Shortest round-tripping text for a Double, e.g. 3.35 -> "3.35", 1e-5 -> "1e-05".
    static func formatDouble(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> Substring {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return s
    }
}
