import Units

/// The access path of a data transfer, which sets its energy per bit (FGDRAM path table).
public enum DRAMAccessPath: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Normal reads and writes of the xPU/GPU over TSVs and the interposer.
    case xpu = 0
    /// Logic-PIM: bank-bundle commands, data to the logic die over the extra TSVs.
    case logicPIM
    /// BankGroup-PIM: bank-bundle commands, units next to the bank-group I/O on the DRAM die.
    case bankGroupPIM
    /// Bank-PIM: all-bank commands, units next to every bank.
    case bankPIM

    public var description: String {
        switch self {
        case .xpu: "xpu"
        case .logicPIM: "logic-pim"
        case .bankGroupPIM: "bankgroup-pim"
        case .bankPIM: "bank-pim"
        }
    }
}

/// Energy per command and per bit of a preset (duplex-system.md energy table, FGDRAM).
public struct DRAMEnergyParameters: Hashable, Sendable {
    /// Energy of activating one row in one bank (x8 for a bundle ALL-ACT, x16 for AB-ACT).
    public var activate: Energy
    /// Read or write data-path energy per bit, by path.
    public var xpuPath: EnergyPerBit
    public var logicPIMPath: EnergyPerBit
    public var bankGroupPIMPath: EnergyPerBit
    public var bankPIMPath: EnergyPerBit
    /// Energy of one all-bank refresh (REFab) of one rank of one pseudo-channel.
    public var refresh: Energy

    /// The data-path energy per bit of `path`.
    public func perBit(_ path: DRAMAccessPath) -> EnergyPerBit {
        switch path {
        case .xpu: xpuPath
        case .logicPIM: logicPIMPath
        case .bankGroupPIM: bankGroupPIMPath
        case .bankPIM: bankPIMPath
        }
    }
}
