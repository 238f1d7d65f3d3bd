/// An amount of energy in picojoules.
public struct Energy: Hashable, Comparable, Sendable, AdditiveArithmetic {
    public var picojoules: Double

    public init(picojoules: Double) { self.picojoules = picojoules }

    public static let zero = Energy(picojoules: 0)
    public static func nJ(_ value: Double) -> Energy { Energy(picojoules: value * 1e3) }

    public var nanojoules: Double { picojoules * 1e-3 }
    public var microjoules: Double { picojoules * 1e-6 }
    public var millijoules: Double { picojoules * 1e-9 }
    public var joules: Double { picojoules * 1e-12 }

    public static func < (lhs: Energy, rhs: Energy) -> Bool { lhs.picojoules < rhs.picojoules }
    public static func + (lhs: Energy, rhs: Energy) -> Energy { Energy(picojoules: lhs.picojoules + rhs.picojoules) }
    public static func - (lhs: Energy, rhs: Energy) -> Energy { Energy(picojoules: lhs.picojoules - rhs.picojoules) }
    public static func * (lhs: Energy, rhs: Double) -> Energy { Energy(picojoules: lhs.picojoules * rhs) }
    public static func * (lhs: Double, rhs: Energy) -> Energy { rhs * lhs }
}

extension Energy: CustomStringConvertible {
    static let units: [ScaledUnit] = [
        .init(symbol: "fJ", factor: 1e-3), .init(symbol: "pJ", factor: 1), .init(symbol: "nJ", factor: 1e3),
        .init(symbol: "uJ", factor: 1e6), .init(symbol: "µJ", factor: 1e6), .init(symbol: "mJ", factor: 1e9),
        .init(symbol: "J", factor: 1e12),
    ]
    static let displayUnits = units.filter { $0.symbol != "µJ" }

    public var description: String { ScaledUnit.format(picojoules, units: Energy.displayUnits) }

    /// Reads "0.909nJ", "0.46pJ", "1.2mJ".
    public init(parsing text: String) throws {
        self.init(picojoules: try ScaledUnit.parse(text, quantity: "energy", units: Energy.units))
    }
}
