import Units

/// Energy of one operator (all its shards) or of a group of operators, by where it was spent.
public struct EnergyBreakdown: Sendable, Hashable {
    /// DRAM: row activations plus the data path of whoever read or wrote.
    public var dram: Energy = .zero
    /// Multiply-accumulates (and the element-wise FLOPs, charged at the same rate per 2 FLOP).
    public var compute: Energy = .zero
    /// On-chip buffers (each staged bit written once and read once).
    public var sram: Energy = .zero
    /// Inter-device links.
    public var link: Energy = .zero

    public init(dram: Energy = .zero, compute: Energy = .zero, sram: Energy = .zero, link: Energy = .zero) {
        self.dram = dram; self.compute = compute; self.sram = sram; self.link = link
    }

    public static let zero = EnergyBreakdown()

    public var total: Energy { dram + compute + sram + link }

    public static func + (lhs: EnergyBreakdown, rhs: EnergyBreakdown) -> EnergyBreakdown {
        EnergyBreakdown(dram: lhs.dram + rhs.dram, compute: lhs.compute + rhs.compute,
                        sram: lhs.sram + rhs.sram, link: lhs.link + rhs.link)
    }

    public static func += (lhs: inout EnergyBreakdown, rhs: EnergyBreakdown) { lhs = lhs + rhs }

    public static func * (lhs: EnergyBreakdown, rhs: Double) -> EnergyBreakdown {
        EnergyBreakdown(dram: lhs.dram * rhs, compute: lhs.compute * rhs, sram: lhs.sram * rhs, link: lhs.link * rhs)
    }
}
