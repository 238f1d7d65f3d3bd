/// A quantity that is written as text with a unit ("650MHz") in configs, CSV and on the command
/// line. Conforming types are `Codable` as that text: a config holding a bare number, or a unit
/// of the wrong kind, fails to decode with the field's coding path and the accepted units.
public protocol TextQuantity: Codable, CustomStringConvertible {
    init(parsing text: String) throws
    /// A valid example, quoted in error messages.
    static var example: String { get }
}

extension TextQuantity {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected a string with a unit, such as \"\(Self.example)\""))
        }
        do {
            self = try Self(parsing: text)
        } catch let error as UnitParseError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

}

extension SimTime: TextQuantity { public static var example: String { "13.75ns" } }
extension Frequency: TextQuantity { public static var example: String { "650MHz" } }
extension ByteCount: TextQuantity { public static var example: String { "64KiB" } }
extension Bandwidth: TextQuantity { public static var example: String { "3.35TB/s" } }
extension FLOPRate: TextQuantity { public static var example: String { "989.4TFLOPS" } }
extension Energy: TextQuantity { public static var example: String { "0.909nJ" } }
extension EnergyPerBit: TextQuantity { public static var example: String { "3.48pJ/b" } }
