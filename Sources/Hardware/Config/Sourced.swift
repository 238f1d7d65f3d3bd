/// A configuration constant together with where it comes from.
///
/// Written in JSON as `{"value": "3.35TB/s", "source": "NVIDIA H100 datasheet"}`. Every hardware
/// constant in a system file is one of these, so a printed number can be traced to a paper, a
/// datasheet or an explicit assumption (sources of assumptions start with "assumption:").
public struct Sourced<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The constant, in its own typed unit.
    public var value: Value
    /// A citation (paper, datasheet, reference file) or "assumption: ..." with the reasoning.
    public var source: String

    public init(_ value: Value, source: String) {
        self.value = value
        self.source = source
    }

    public init(from decoder: Decoder) throws {
        var object = try StrictObject(decoder, allowed: ["value", "source"])
        let value = object.required("value", Value.self)
        let source = object.required("source", String.self)
        try object.finish()
        self.value = value!
        self.source = source!
    }
}
