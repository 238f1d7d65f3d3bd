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

    /// Opens a row in every bank of its footprint.
    public var opensRow: Bool { self == .act || self == .bundleAct || self == .allBankAct }
    /// Closes the rows of every bank of its footprint.
    public var closesRow: Bool { self == .pre || self == .prea || self == .bundlePre || self == .allBankPre }
    /// A column read (data moves out of the row buffers).
    public var isRead: Bool { self == .rd || self == .bundleRd || self == .allBankRd }
    /// A column write.
    public var isWrite: Bool { self == .wr || self == .bundleWr || self == .allBankWr }
    /// A column command (on the column command bus).
    public var isColumn: Bool { isRead || isWrite }
    /// A row command (on the row command bus).
    public var isRow: Bool { !isColumn }

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
