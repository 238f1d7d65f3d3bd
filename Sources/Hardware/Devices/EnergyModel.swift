import Units

/// Energy per event, from the system's energy facts (FGDRAM as used by the Duplex authors; FP16
/// MAC 0.46 pJ; inter-device 10.4 pJ/B; SRAM per bit) and the memory organisation.
///
/// - DRAM: bytes x the whole-path energy of the unit that moved them (xPU 3.48, Logic-PIM 1.81,
///   BankGroup-PIM 2.68, Bank-PIM 0.73 pJ/b) + activations x ACT energy, one activation per
///   `rowBytes` (a bundle ALL-ACT opens 8 rows for 8 x 1 KB, so the count per byte is the same
///   for every path when rows are used in full).
/// - compute: FLOPs / 2 x MAC energy.
/// - SRAM: bytes staged x 2 (write + read) x per-bit energy.
/// - links: bytes sent x inter-device energy.
public struct EnergyModel: Sendable, Equatable {
    public let config: EnergyConfig
    public let rowBytes: ByteCount

    public init(config: EnergyConfig, rowBytes: ByteCount) {
        precondition(rowBytes.bytes > 0, "row size must be positive")
        self.config = config
        self.rowBytes = rowBytes
    }

    /// Per-bit DRAM path energy of `unit` (the xPU's for the xPU and the network).
    public func pathEnergy(_ unit: ExecutionUnit) -> EnergyPerBit {
        switch unit {
        case .xpu, .network: config.dramPath.xpuAccess.value
        case .logicPIM: config.dramPath.logicPIMAccess.value
        case .bankGroupPIM: config.dramPath.bankGroupPIMAccess.value
        case .bankPIM: config.dramPath.bankPIMAccess.value
        }
    }

    /// DRAM energy of `bytes` moved by `unit`: data path + activations (rows used in full).
    public func dram(_ bytes: ByteCount, by unit: ExecutionUnit) -> Energy {
        let activations = (bytes.bytes + rowBytes.bytes - 1) / rowBytes.bytes
        return pathEnergy(unit).energy(for: bytes) + config.dramActivation.value * Double(activations)
    }

    /// Arithmetic energy of `flops` (2 FLOP per MAC).
    public func compute(_ flops: FLOPCount) -> Energy { config.macFP16.value * (Double(flops.flops) / 2) }

    /// Buffer energy of `bytes` staged through on-chip SRAM (written once, read once).
    public func sram(_ bytes: ByteCount) -> Energy { config.sramAccess.value.energy(for: bytes * 2) }

    /// Link energy of `bytes` sent.
    public func link(_ bytes: ByteCount) -> Energy { config.interDevice.value.energy(for: bytes) }
}
