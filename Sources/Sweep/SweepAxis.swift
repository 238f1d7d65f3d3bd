/// One swept field: a document path and the values it takes, in order.
public struct SweepAxis: Hashable, Sendable {
    public var path: DocumentPath
    public var values: [JSONValue]

    public init(path: DocumentPath, values: [JSONValue]) {
        self.path = path
        self.values = values
    }

    /// The CSV column of this axis: the path, with `_<unit>` appended when every value is a
    /// string "<number><unit>" with the same unit ("650MHz" -> `..._MHz`, "TB/s" -> `_TBps`).
    public var column: String {
        guard let unit = commonUnit else { return path.description }
        return "\(path)_\(unit.replacingOccurrences(of: "/", with: "p"))"
    }

    /// The cell of value `index`: the number alone when the column names the unit, strings as
    /// they are, other values as canonical JSON.
    public func cell(_ index: Int) -> String {
        let value = values[index]
        if commonUnit != nil, case .string(let text) = value, let split = SweepAxis.splitQuantity(text) {
            return split.number
        }
        if case .string(let text) = value { return text }
        return value.canonicalText
    }

    /// The unit shared by every value, when all are "<number><unit>" strings.
    var commonUnit: String? {
        var unit: String?
        for value in values {
            guard case .string(let text) = value, let split = SweepAxis.splitQuantity(text) else { return nil }
            if let unit, unit != split.unit { return nil }
            unit = split.unit
        }
        return unit
    }

    /// Splits "650MHz" or "3.35 TB/s" into number and unit; nil when the text is not a decimal
    /// number followed by a unit of letters, "/" or "%".
    static func splitQuantity(_ text: String) -> (number: String, unit: String)? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isDigit(_ i: Int) -> Bool { i < scalars.count && scalars[i].value >= 48 && scalars[i].value <= 57 }
        if index < scalars.count, scalars[index] == "-" || scalars[index] == "+" { index += 1 }
        let digitsStart = index
        while isDigit(index) { index += 1 }
        if index < scalars.count, scalars[index] == "." { index += 1; while isDigit(index) { index += 1 } }
        guard index > digitsStart, scalars[digitsStart..<index].contains(where: { $0 != "." }) else { return nil }
        if index < scalars.count, scalars[index] == "e" || scalars[index] == "E", isDigit(index + 1)
            || (index + 2 < scalars.count && (scalars[index + 1] == "-" || scalars[index + 1] == "+") && isDigit(index + 2)) {
            index += scalars[index + 1] == "-" || scalars[index + 1] == "+" ? 2 : 1
            while isDigit(index) { index += 1 }
        }
        let number = String(String.UnicodeScalarView(scalars[0..<index]))
        var unitStart = index
        while unitStart < scalars.count, scalars[unitStart] == " " { unitStart += 1 }
        let unitScalars = scalars[unitStart...]
        guard !unitScalars.isEmpty, unitScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "/" || $0 == "%" }) else { return nil }
        return (number, String(String.UnicodeScalarView(unitScalars)))
    }
}
