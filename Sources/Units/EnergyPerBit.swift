/// A data-movement energy cost in picojoules per bit (the unit of the FGDRAM path table).
public struct EnergyPerBit: Hashable, Comparable, Sendable {
    public var picojoulesPerBit: Double

    public init(picojoulesPerBit: Double) {
        precondition(picojoulesPerBit.isFinite && picojoulesPerBit >= 0, "energy per bit must be finite and >= 0")
        self.picojoulesPerBit = picojoulesPerBit
    }

    /// The energy to move `bytes` along this path.
    public func energy(for bytes: ByteCount) -> Energy { Energy(picojoules: picojoulesPerBit * Double(bytes.bits)) }

    public static func < (lhs: EnergyPerBit, rhs: EnergyPerBit) -> Bool { lhs.picojoulesPerBit < rhs.picojoulesPerBit }
    public static func + (lhs: EnergyPerBit, rhs: EnergyPerBit) -> EnergyPerBit {
        EnergyPerBit(picojoulesPerBit: lhs.picojoulesPerBit + rhs.picojoulesPerBit)
    }
}

extension EnergyPerBit: CustomStringConvertible {
    static let units: [ScaledUnit] = [
        .init(symbol: "pJ/b", factor: 1), .init(symbol: "pJ/bit", factor: 1), .init(symbol: "fJ/b", factor: 1e-3),
        .init(symbol: "pJ/B", factor: 1.0 / 8), .init(symbol: "nJ/B", factor: 1e3 / 8),
    ]

    public var description: String {
        QuantityText.formatDouble(ScaledUnit.roundedForDisplay(picojoulesPerBit)) + "pJ/b"
    }

    /// Reads "3.48pJ/b", "3.48pJ/bit", "10.4pJ/B" (per byte, stored as per bit).
    public init(parsing text: String) throws {
        let value = try ScaledUnit.parse(text, quantity: "energy per bit", units: EnergyPerBit.units)
        guard value >= 0 else {
            throw UnitParseError(input: text, quantity: "energy per bit", reason: "must not be negative", acceptedUnits: EnergyPerBit.units.map(\.symbol))
        }
        self.init(picojoulesPerBit: value)
    }
}
