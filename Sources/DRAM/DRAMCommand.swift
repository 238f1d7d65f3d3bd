/// A DRAM command, including the bank-bundle (Logic-PIM, BankGroup-PIM) and all-bank (Bank-PIM)
/// commands of the PIM designs, which are ordinary commands with a wider footprint.
///
/// Scope (the banks a command touches, see `DRAMCommand.Scope`):
/// - bank: `act`, `pre`, `rd`, `wr` (one bank of one rank);
/// - bundle: `bundleAct`, `bundlePre`, `bundleRd`, `bundleWr` (the 8 banks of one bank bundle,
///   2 per bank group; reference: duplex-system.md "Bank bundle");
/// - rank: `allBankAct`, `allBankPre`, `allBankRd`, `allBankWr` (all 16 banks of one rank, the
///   Bank-PIM all-bank mode), `prea` (precharge all) and `ref` (all-bank refresh, REFab).
public enum DRAMCommand: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case act = 0, pre, rd, wr, prea, ref
    case bundleAct, bundlePre, bundleRd, bundleWr
    case allBankAct, allBankPre, allBankRd, allBankWr

    /// The number of commands (the width of per-node timing arrays).
    public static let count = DRAMCommand.allCases.count

    /// Which banks a command touches.
    public enum Scope: Sendable { case bank, bundle, rank }

    public var scope: Scope {
        switch self {
        case .act, .pre, .rd, .wr: .bank
        case .bundleAct, .bundlePre, .bundleRd, .bundleWr: .bundle
        case .prea, .ref, .allBankAct, .allBankPre, .allBankRd, .allBankWr: .rank
        }
    }

    /// Bit sets over `rawValue` of the command classes (one load and a shift per query).
    static func mask(_ commands: [DRAMCommand]) -> UInt32 { commands.reduce(0) { $0 | 1 << UInt32($1.rawValue) } }
    /// Literal so the hot path needs no lazy global; DRAMTimingGateTests checks each equals
    /// `mask` of its class.
    static let opensMask: UInt32 = 0b00_0100_0100_0001     // ACT, ALL-ACT, AB-ACT
    static let closesMask: UInt32 = 0b00_1000_1001_0010    // PRE, PREA, ALL-PRE, AB-PRE
    static let readsMask: UInt32 = 0b01_0001_0000_0100     // RD, ALL-RD, AB-RD
    static let writesMask: UInt32 = 0b10_0010_0000_1000    // WR, ALL-WR, AB-WR

    /// Opens a row in every bank of its footprint.
    @inline(__always) public var opensRow: Bool { DRAMCommand.opensMask >> UInt32(rawValue) & 1 != 0 }
    /// Closes the rows of every bank of its footprint.
    @inline(__always) public var closesRow: Bool { DRAMCommand.closesMask >> UInt32(rawValue) & 1 != 0 }
    /// A column read (data moves out of the row buffers).
    @inline(__always) public var isRead: Bool { DRAMCommand.readsMask >> UInt32(rawValue) & 1 != 0 }
    /// A column write.
    @inline(__always) public var isWrite: Bool { DRAMCommand.writesMask >> UInt32(rawValue) & 1 != 0 }
    /// A column command (on the column command bus).
    @inline(__always) public var isColumn: Bool { (DRAMCommand.readsMask | DRAMCommand.writesMask) >> UInt32(rawValue) & 1 != 0 }
    /// A row command (on the row command bus).
    @inline(__always) public var isRow: Bool { !isColumn }

    /// Short JEDEC-style mnemonic used in traces.
    public var description: String {
        switch self {
        case .act: "ACT"
        case .pre: "PRE"
        case .rd: "RD"
        case .wr: "WR"
        case .prea: "PREA"
        case .ref: "REFab"
        case .bundleAct: "ALL-ACT"
        case .bundlePre: "ALL-PRE"
        case .bundleRd: "ALL-RD"
        case .bundleWr: "ALL-WR"
        case .allBankAct: "AB-ACT"
        case .allBankPre: "AB-PRE"
        case .allBankRd: "AB-RD"
        case .allBankWr: "AB-WR"
        }
    }

    /// Command sets used to write the timing table compactly.
    public static let rowOpens: [DRAMCommand] = [.act, .bundleAct, .allBankAct]
    public static let rowCloses: [DRAMCommand] = [.pre, .prea, .bundlePre, .allBankPre]
    public static let rowCommands: [DRAMCommand] = rowOpens + rowCloses + [.ref]
    public static let columnCommands: [DRAMCommand] = [.rd, .wr, .bundleRd, .bundleWr, .allBankRd, .allBankWr]
}

/// The level of the organisation at which a timing rule holds: the preceding and the following
/// command must touch the same node of this level (the same pseudo-channel, the same rank, ...).
public enum DRAMLevel: Int, CaseIterable, Sendable, CustomStringConvertible {
    case pseudoChannel = 0, rank, bankGroup, bank

    public var description: String {
        switch self {
        case .pseudoChannel: "pseudo-channel"
        case .rank: "rank"
        case .bankGroup: "bank group"
        case .bank: "bank"
        }
    }
}
