import Units

/// Energy of some work split by where it is spent.
public struct EnergyComponents: Hashable, Sendable {
    /// DRAM: activations and the data path (cell to the reading unit).
    public var dram: Energy
    /// Arithmetic (MACs and other FLOPs) and on-chip buffers.
    public var compute: Energy
    /// Inter-device links.
    public var communication: Energy

    public init(dram: Energy = .zero, compute: Energy = .zero, communication: Energy = .zero) {
        self.dram = dram
        self.compute = compute
        self.communication = communication
    }

    public static let zero = EnergyComponents()

    public var total: Energy { dram + compute + communication }

    public static func + (lhs: EnergyComponents, rhs: EnergyComponents) -> EnergyComponents {
        EnergyComponents(dram: lhs.dram + rhs.dram, compute: lhs.compute + rhs.compute,
                         communication: lhs.communication + rhs.communication)
    }

    public static func += (lhs: inout EnergyComponents, rhs: EnergyComponents) { lhs = lhs + rhs }
}
