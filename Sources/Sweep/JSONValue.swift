import Foundation

/// A JSON document as a value: what a sweep spec's base scenario and every resolved point are.
///
/// Integers and non-integers are kept apart (`2048` stays an integer, `0.5` a double), so a
/// document round-trips without turning counts into floats. `canonicalText` is the one textual
/// form used for hashing: keys sorted by their UTF-8 bytes, no whitespace, doubles in Swift's
/// shortest round-trip form. It depends on nothing but the value (never on dictionary order,
/// the machine or the run), so point ids are stable everywhere.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses JSON text (RFC 8259); `source` names the input in errors, which give the line and
    /// column. Numbers without a fraction or exponent that fit 64 bits are integers; an object
    /// with a repeated key is an error (JSONDecoder would silently keep one of them).
    public static func parse(_ data: Data, source: String) throws(SweepError) -> JSONValue {
        var parser = JSONParser(bytes: Array(data), source: source)
        return try parser.document()
    }

    /// The canonical text (see the type's documentation).
    public var canonicalText: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The canonical text as UTF-8 bytes, for decoders.
    public var canonicalData: Data { Data(canonicalText.utf8) }

    /// A short description of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .double(let value):
            precondition(value.isFinite, "JSON numbers are finite")
            out += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) + ".0" : "\(value)"
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                element.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if index > 0 { out += "," }
                JSONValue.writeString(key, to: &out)
                out += ":"
                members[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue: Encodable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
