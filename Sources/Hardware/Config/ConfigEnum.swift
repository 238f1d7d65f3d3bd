/// A string-valued configuration choice whose decoding error lists every allowed value.
public protocol ConfigEnum: Codable, CaseIterable, RawRepresentable, Sendable where RawValue == String {}

extension ConfigEnum {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
        let text: String
        do {
            text = try container.decode(String.self)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected a string; allowed values: \(allowed)"))
        }
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown value \"\(text)\"; allowed values: \(allowed)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
