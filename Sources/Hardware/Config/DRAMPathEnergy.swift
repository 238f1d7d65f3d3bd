import Units

/// DRAM data-path energy per bit, by segment and by who reads (FGDRAM, O'Connor et al. MICRO 2017,
/// as used by the Duplex authors' simulator).
public struct DRAMPathEnergy: Codable, Sendable, Equatable {
    /// Cell array.
    public var cell: Sourced<EnergyPerBit>
    /// Column decoder to bank-group multiplexer.
    public var columnToBankGroupMux: Sourced<EnergyPerBit>
    /// Bank-group multiplexer to global I/O.
    public var bankGroupMuxToGlobalIO: Sourced<EnergyPerBit>
    /// Through-silicon vias.
    public var tsv: Sourced<EnergyPerBit>
    /// Interposer I/O to the xPU.
    public var interposerIO: Sourced<EnergyPerBit>
    /// Whole path for an xPU read or write.
    public var xpuAccess: Sourced<EnergyPerBit>
    /// Whole path for a Logic-PIM read or write (cell to the TSV area plus TSV).
    public var logicPIMAccess: Sourced<EnergyPerBit>
    /// Whole path for a BankGroup-PIM access.
    public var bankGroupPIMAccess: Sourced<EnergyPerBit>
    /// Whole path for a Bank-PIM access.
    public var bankPIMAccess: Sourced<EnergyPerBit>

    static let keys = ["cell", "columnToBankGroupMux", "bankGroupMuxToGlobalIO", "tsv", "interposerIO",
                       "xpuAccess", "logicPIMAccess", "bankGroupPIMAccess", "bankPIMAccess"]

    public init(from decoder: Decoder) throws {
        var o = try StrictObject(decoder, allowed: DRAMPathEnergy.keys)
        let values = DRAMPathEnergy.keys.map { o.required($0, Sourced<EnergyPerBit>.self) }
        try o.finish()
        cell = values[0]!
        columnToBankGroupMux = values[1]!
        bankGroupMuxToGlobalIO = values[2]!
        tsv = values[3]!
        interposerIO = values[4]!
        xpuAccess = values[5]!
        logicPIMAccess = values[6]!
        bankGroupPIMAccess = values[7]!
        bankPIMAccess = values[8]!
    }

    /// The whole-path energy for an access by `reader` (`.none` means the xPU).
    public func access(by reader: MemoryProcessorKind) -> Sourced<EnergyPerBit> {
        switch reader {
        case .none: xpuAccess
        case .logicPIM: logicPIMAccess
        case .bankGroupPIM: bankGroupPIMAccess
        case .bankPIM: bankPIMAccess
        }
    }

    /// Every entry with its key, in declaration order (for validation).
    var entries: [(key: String, value: Sourced<EnergyPerBit>)] {
        Array(zip(DRAMPathEnergy.keys, [cell, columnToBankGroupMux, bankGroupMuxToGlobalIO, tsv, interposerIO,
                                        xpuAccess, logicPIMAccess, bankGroupPIMAccess, bankPIMAccess]))
            .map { (key: $0.0, value: $0.1) }
    }
}
