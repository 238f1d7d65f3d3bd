import Testing
@testable import DRAM

/// "Tight gate" tests: for every rule of the timing table, the following command is illegal one
/// cycle before preceding + latency and legal exactly then. Each rule is checked alone (a table
/// holding just that rule, so no other rule can hide it) with the bank state a real device
/// needs, and a command outside the rule's node must not be held back by it.
@Suite struct DRAMTimingGateTests {
    let o = DRAMTestSupport.preset52.organization
    var g: DRAMGeometry { DRAMGeometry(o) }
    static let row: Int32 = 5
    static let t0: Int64 = 100_000

    /// The unit of `scope` that contains bank (rank 0, group 0, bank 0).
    func baseUnit(_ scope: DRAMCommand.Scope, rank: Int = 0) -> Int {
        switch scope {
        case .bank: g.bankUnit(rank: rank, bankGroup: 0, bank: 0)
        case .bundle: g.bundleUnit(rank: rank, bundle: 0)
        case .rank: g.rankUnit(rank: rank)
        }
    }

    /// The nodes of `level` a unit touches.
    func nodes(_ unit: Int, _ level: DRAMLevel) -> Set<Int> {
        switch level {
        case .pseudoChannel: [0]
        case .rank: [g.rank(ofUnit: unit)]
        case .bankGroup: Set(g.bankGroups(ofUnit: unit).map { Int($0) })
        case .bank: Set(g.banks(ofUnit: unit).map { Int($0) })
        }
    }

    /// A unit for `command` sharing no node of `level` with `preceding` (nearest first: another
    /// bank of the same group, another group, another rank), or nil if none exists.
    func outsideUnit(_ command: DRAMCommand, level: DRAMLevel, preceding: Int) -> Int? {
        let candidates: [Int]
        switch command.scope {
        case .bank: candidates = [g.bankUnit(rank: 0, bankGroup: 0, bank: 2), g.bankUnit(rank: 0, bankGroup: 1, bank: 0),
                                  g.bankUnit(rank: 1, bankGroup: 0, bank: 0)]
        case .bundle: candidates = [g.bundleUnit(rank: 0, bundle: 1), g.bundleUnit(rank: 1, bundle: 0)]
        case .rank: candidates = [g.rankUnit(rank: 1)]
        }
        return candidates.map { unitFor(command, $0) }.first { nodes($0, level).isDisjoint(with: nodes(preceding, level)) }
    }

    /// Issues, at `time`, what `command` to `unit` needs in bank state (closing or opening rows).
    func prepare(_ s: DRAMTimingState, _ command: DRAMCommand, unit: Int, at time: Int64) {
        let scope = command.scope
        if command == .ref {
            s.issue(.prea, unit: g.rankUnit(rank: g.rank(ofUnit: unit)), row: -1, at: time)
        } else if command.opensRow {
            if !s.stateAllows(command, unit: unit, row: Self.row) { s.issue(scope.precharge, unit: unit, row: -1, at: time) }
        } else if command.isColumn {
            if !s.stateAllows(command, unit: unit, row: Self.row) {
                s.issue(scope.precharge, unit: unit, row: -1, at: time)
                s.issue(scope.activate, unit: unit, row: Self.row, at: time)
            }
        }
    }

    func unitFor(_ command: DRAMCommand, _ base: Int) -> Int {
        command == .prea || command == .ref ? g.rankUnit(rank: g.rank(ofUnit: base)) : base
    }

    @Test(arguments: ["hbm3-5.2", "hbm3-6.4", "hbm3e-9.6"], [false, true])
    func everyRuleIsATightGate(preset: String, powerLimit: Bool) throws {
        let table = DRAMTimingTable(timing: try DRAMPreset.builtin(named: preset).timing, options: .init(bankPIMPowerLimit: powerLimit))
        #expect(table.rules.count > 100)
        for rule in table.rules {
            let single = DRAMTimingTable(rules: [rule])
            let p = unitFor(rule.preceding, baseUnit(rule.preceding.scope))
            let f = unitFor(rule.following, baseUnit(rule.following.scope))
            let s = DRAMTimingState(geometry: g, table: single)
            // Setup long before: whatever the preceding command needs.
            prepare(s, rule.preceding, unit: p, at: 1_000)
            if rule.window > 1 {
                // window - 1 earlier preceding commands on other banks of the node, at t0.
                for k in 1..<rule.window {
                    let other = g.bankUnit(rank: 0, bankGroup: k % o.bankGroups, bank: 1 + k / o.bankGroups)
                    prepare(s, rule.preceding, unit: other, at: 2_000)
                    s.issue(rule.preceding, unit: other, row: Self.row, at: Self.t0)
                }
            }
            s.issue(rule.preceding, unit: p, row: Self.row, at: Self.t0)
            prepare(s, rule.following, unit: f, at: Self.t0)
            let gate = Self.t0 + rule.latency
            #expect(s.stateAllows(rule.following, unit: f, row: Self.row), "\(rule): state setup")
            #expect(s.earliest(rule.following, unit: f) == gate, "\(preset) \(rule): earliest \(s.earliest(rule.following, unit: f)), expected \(gate)")
            #expect(!(gate - 1 >= s.earliest(rule.following, unit: f)), "\(rule): legal at t-1")
            // A command outside the node is not held back.
            if let outside = outsideUnit(rule.following, level: rule.level, preceding: p) {
                let t = DRAMTimingState(geometry: g, table: single)
                prepare(t, rule.following, unit: outside, at: 500)
                prepare(t, rule.preceding, unit: p, at: 1_000)
                t.issue(rule.preceding, unit: p, row: Self.row, at: Self.t0)
                #expect(t.earliest(rule.following, unit: outside) <= Self.t0, "\(rule): held back a command outside its \(rule.level)")
            }
        }
    }

    @Test func commandClassMasksMatchTheirDefinitions() {
        #expect(DRAMCommand.opensMask == DRAMCommand.mask([.act, .bundleAct, .allBankAct]))
        #expect(DRAMCommand.closesMask == DRAMCommand.mask([.pre, .prea, .bundlePre, .allBankPre]))
        #expect(DRAMCommand.readsMask == DRAMCommand.mask([.rd, .bundleRd, .allBankRd]))
        #expect(DRAMCommand.writesMask == DRAMCommand.mask([.wr, .bundleWr, .allBankWr]))
        #expect(DRAMCommand.allCases.filter(\.opensRow) == DRAMCommand.rowOpens)
        #expect(DRAMCommand.allCases.filter(\.closesRow) == DRAMCommand.rowCloses)
        #expect(Set(DRAMCommand.allCases.filter(\.isColumn)) == Set(DRAMCommand.columnCommands))
    }

    @Test func windowRuleAllowsWindowMinusOneCommands() {
        let rule = DRAMTimingTable(timing: DRAMTestSupport.preset52.timing).rules.first { $0.window > 1 }!
        #expect(rule.name == "tFAW" && rule.window == 4 && rule.latency == 39)
        let s = DRAMTimingState(geometry: g, table: DRAMTimingTable(rules: [rule]))
        for k in 0..<3 { s.issue(.act, unit: g.bankUnit(rank: 0, bankGroup: k, bank: 0), row: 1, at: Self.t0 + Int64(k)) }
        #expect(s.earliest(.act, unit: g.bankUnit(rank: 0, bankGroup: 3, bank: 0)) <= Self.t0)
        s.issue(.act, unit: g.bankUnit(rank: 0, bankGroup: 3, bank: 0), row: 1, at: Self.t0 + 3)
        #expect(s.earliest(.act, unit: g.bankUnit(rank: 0, bankGroup: 0, bank: 1)) == Self.t0 + 39)
        #expect(s.earliest(.act, unit: g.bankUnit(rank: 1, bankGroup: 0, bank: 1)) <= Self.t0)
    }

    @Test func theFullTableCombinesRules() {
        // ACT -> RD -> PRE -> ACT on one bank with every rule present.
        let t = DRAMTestSupport.preset52.timing
        let s = DRAMTimingState(geometry: g, table: DRAMTimingTable(timing: t))
        let b = g.bankUnit(rank: 0, bankGroup: 0, bank: 0)
        s.issue(.act, unit: b, row: 3, at: 0)
        #expect(s.earliest(.rd, unit: b) == t.nRCDRD)
        s.issue(.rd, unit: b, row: 3, at: t.nRCDRD)
        #expect(s.earliest(.pre, unit: b) == max(t.nRAS, t.nRCDRD + t.nRTPL))
        s.issue(.pre, unit: b, row: -1, at: t.nRAS)
        // Same-bank ACT: max(tRC, tRAS + tRP).
        #expect(s.earliest(.act, unit: b) == max(t.nRC, t.nRAS + t.nRP))
        #expect(!s.stateAllows(.rd, unit: b, row: 3))
    }
}
