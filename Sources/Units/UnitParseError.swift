/// A string that could not be read as a physical quantity.
///
/// The message names the offending string, the quantity that was expected and every accepted
/// unit suffix, so a user can fix a config or command line without reading the source.
public struct UnitParseError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The text exactly as given.
    public let input: String
    /// What was expected, e.g. "bandwidth".
    public let quantity: String
    /// Why it was rejected.
    public let reason: String
    /// Every unit suffix the parser accepts for this quantity.
    public let acceptedUnits: [String]

    public init(input: String, quantity: String, reason: String, acceptedUnits: [String]) {
        self.input = input
        self.quantity = quantity
        self.reason = reason
        self.acceptedUnits = acceptedUnits
    }

    public var description: String {
        "cannot read \"\(input)\" as \(quantity): \(reason); accepted units: "
            + acceptedUnits.joined(separator: ", ")
    }
}
