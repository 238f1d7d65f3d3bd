/// Every timing constraint of the modelled device as rows of a table (level, preceding command,
/// following command, latency, window). Both the scheduler (`DRAMTimingState`) and the
/// independent checker (`DRAMTraceChecker`) read this table; no timing rule lives anywhere else.
///
/// Sources: the JEDEC-style rows follow Ramulator2's HBM3 model (JESD238A array timings per
/// pseudo-channel); the bank-bundle rows are the reference's PIM command rules
/// (duplex-system.md); the all-bank rows follow the AttAcc HBM3-PIM model. Multi-bank commands
/// take part in bank- and bank-group-level rules through their footprint: a bundle ALL-ACT
/// updates each of its 8 banks, and an ALL-RD checks each of them. docs/dram.md lists the table.
public struct DRAMTimingTable: Sendable {
    public let rules: [DRAMTimingRule]

    public init(rules: [DRAMTimingRule]) { self.rules = rules }

    /// Options that add or remove rows.
    public struct Options: Hashable, Sendable {
        /// Bank-PIM power limit: all-bank column commands of one rank at least nCCDAB apart
        /// (AttAcc's power-constrained interval) instead of nCCDL.
        public var bankPIMPowerLimit: Bool

        public init(bankPIMPowerLimit: Bool = false) { self.bankPIMPowerLimit = bankPIMPowerLimit }
    }

    /// The HBM3 + PIM table for a preset's timing parameters.
    public init(timing t: DRAMTimingParameters, options: Options = Options()) {
        var rules: [DRAMTimingRule] = []
        func add(_ name: String, _ level: DRAMLevel, _ preceding: [DRAMCommand], _ following: [DRAMCommand],
                 _ latency: Int64, window: Int = 1) {
            for p in preceding {
                for f in following {
                    rules.append(DRAMTimingRule(name: name, level: level, preceding: p, following: f, latency: latency, window: window))
                }
            }
        }
        let opens = DRAMCommand.rowOpens, closes = DRAMCommand.rowCloses
        let reads: [DRAMCommand] = [.rd, .bundleRd, .allBankRd], writes: [DRAMCommand] = [.wr, .bundleWr, .allBankWr]

        // Bank: the row cycle of one bank, for every command that touches it.
        add("tRC", .bank, opens, opens, t.nRC)
        add("tRCDRD", .bank, opens, reads, t.nRCDRD)
        add("tRCDWR", .bank, opens, writes, t.nRCDWR)
        add("tRAS", .bank, opens, closes, t.nRAS)
        add("tRP", .bank, closes, opens, t.nRP)
        add("tRTPL", .bank, [.rd, .allBankRd], closes, t.nRTPL)
        add("tRTPS", .bank, [.bundleRd], closes, t.nRTPS)
        add("tCWL+tBL+tWR", .bank, writes, closes, t.writeToPrecharge)

        // Bank group: shared bank-group I/O of normal accesses.
        add("tRRDL", .bankGroup, [.act], [.act], t.nRRDL)
        add("tCCDL", .bankGroup, [.rd], [.rd], t.nCCDL)
        add("tCCDL", .bankGroup, [.wr], [.wr], t.nCCDL)
        add("tCWL+tBL+tWTRL", .bankGroup, [.wr], [.rd], t.writeToReadLong)

        // Rank: activation rate, column spacing, read/write turnaround, refresh.
        add("tRRDS", .rank, [.act], [.act], t.nRRDS)
        add("tFAW", .rank, [.act], [.act], t.nFAW, window: 4)
        add("tCCDS", .rank, [.rd], [.rd], t.nCCDS)
        add("tCCDS", .rank, [.wr], [.wr], t.nCCDS)
        add("tCL+tBL+2-tCWL", .rank, [.rd], [.wr], t.readToWrite)
        add("tCWL+tBL+tWTRS", .rank, [.wr], [.rd], t.writeToReadShort)
        add("tRC", .rank, [.bundleAct], [.bundleAct], t.nRC)
        add("tCCDL", .rank, [.allBankRd], [.allBankRd], t.nCCDL)
        add("tCCDL", .rank, [.allBankWr], [.allBankWr], t.nCCDL)
        add("tCWL+tBL+tWTRL", .rank, [.allBankWr], [.allBankRd], t.writeToReadLong)
        add("tCL+tBL+2-tCWL", .rank, [.allBankRd], [.allBankWr], t.readToWrite)
        if options.bankPIMPowerLimit {
            add("tCCDAB", .rank, [.allBankRd, .allBankWr], [.allBankRd, .allBankWr], t.nCCDAB)
        }
        add("tRC", .rank, opens, [.ref], t.nRC)
        add("tRP", .rank, closes, [.ref], t.nRP)
        add("tRFC", .rank, [.ref], DRAMCommand.rowCommands, t.nRFC)

        // Pseudo-channel: the shared data bus, the command buses and the Logic-PIM TSVs.
        add("tBL", .pseudoChannel, [.rd], [.rd], t.nBL)
        add("tBL", .pseudoChannel, [.wr], [.wr], t.nBL)
        add("row command bus", .pseudoChannel, DRAMCommand.rowCommands, DRAMCommand.rowCommands, t.nRowCommandBus)
        add("column command bus", .pseudoChannel, DRAMCommand.columnCommands, DRAMCommand.columnCommands, t.nColumnCommandBus)
        add("tCCDL", .pseudoChannel, [.bundleRd], [.bundleRd], t.nCCDL)
        add("tCCDL", .pseudoChannel, [.bundleWr], [.bundleWr], t.nCCDL)
        add("tCWL+tBL+tWTRL", .pseudoChannel, [.bundleWr], [.bundleRd], t.writeToReadLong)
        add("tCL+tBL+2-tCWL", .pseudoChannel, [.bundleRd], [.bundleWr], t.readToWrite)
        self.rules = rules
    }

    /// The longest latency of any rule (how far back a checker must look).
    public var maximumLatency: Int64 { rules.map(\.latency).max() ?? 0 }
}
