/// Re-validates a command trace against a timing table, independently of the scheduler.
///
/// The scheduler (`DRAMTimingState`) compiles the table into per-node "next legal cycle" arrays;
/// this checker instead keeps the raw history of recent commands and, for every command, scans
/// that history against every rule whose following command matches, and it tracks bank state
/// from the trace alone with its own footprint arithmetic. The two share only the table (the
/// specification) and the organisation. Cost: O(commands x history within the longest latency x
/// rules), meant for tests and `--check`, not for long runs.
public struct DRAMTraceChecker: Sendable {
    public let organization: DRAMOrganization
    public let table: DRAMTimingTable

    public init(organization: DRAMOrganization, table: DRAMTimingTable) {
        self.organization = organization
        self.table = table
    }

    /// The banks and bank groups a trace entry touches, as sorted ids: bank
    /// ((rank x groups + group) x banksPerGroup + bank), group (rank x groups + group).
    func footprint(_ e: DRAMTraceEntry) -> (banks: [Int], groups: [Int]) {
        let o = organization
        var banks: [Int] = [], groups: [Int] = []
        func bankID(_ g: Int, _ b: Int) -> Int { (e.rank * o.bankGroups + g) * o.banksPerBankGroup + b }
        switch e.command.scope {
        case .bank:
            banks.append(bankID(e.bankGroup, e.bank))
            groups.append(e.rank * o.bankGroups + e.bankGroup)
        case .bundle:
            let k = o.banksPerBankGroup / o.bundlesPerRank
            for g in 0..<o.bankGroups {
                groups.append(e.rank * o.bankGroups + g)
                for b in 0..<o.banksPerBankGroup where b / k == e.bank { banks.append(bankID(g, b)) }
            }
        case .rank:
            for g in 0..<o.bankGroups {
                groups.append(e.rank * o.bankGroups + g)
                for b in 0..<o.banksPerBankGroup { banks.append(bankID(g, b)) }
            }
        }
        return (banks, groups)
    }

    static func intersects(_ a: [Int], _ b: [Int]) -> Bool {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { return true }
            if a[i] < b[j] { i += 1 } else { j += 1 }
        }
        return false
    }

    /// Every violation in `trace` (empty when valid), as sentences naming the rule and cycles.
    public func violations(in trace: [DRAMTraceEntry]) -> [String] {
        var problems: [String] = []
        var byChannel: [Int: [DRAMTraceEntry]] = [:]
        for e in trace { byChannel[e.pseudoChannel, default: []].append(e) }
        let horizon = table.maximumLatency
        for pc in byChannel.keys.sorted() {
            let entries = byChannel[pc]!
            var history: [(entry: DRAMTraceEntry, banks: [Int], groups: [Int])] = []
            var open: [Int: Int] = [:]  // bank id -> open row
            var previousCycle = Int64.min
            for e in entries {
                if e.cycle < previousCycle { problems.append("pc\(pc): \(e) is out of time order") }
                previousCycle = e.cycle
                let (banks, groups) = footprint(e)
                if let keep = history.firstIndex(where: { e.cycle - $0.entry.cycle <= horizon }) {
                    history.removeFirst(keep)
                } else { history.removeAll() }
                for rule in table.rules where rule.following == e.command {
                    var matching: [Int64] = []
                    for h in history where h.entry.command == rule.preceding {
                        let same: Bool
                        switch rule.level {
                        case .pseudoChannel: same = true
                        case .rank: same = h.entry.rank == e.rank
                        case .bankGroup: same = DRAMTraceChecker.intersects(h.groups, groups)
                        case .bank: same = DRAMTraceChecker.intersects(h.banks, banks)
                        }
                        if same { matching.append(h.entry.cycle) }
                    }
                    let recent = matching.filter { e.cycle - $0 < rule.latency }
                    if recent.count >= rule.window {
                        problems.append("pc\(pc): \(e) violates \(rule) (preceding at cycles \(recent))")
                    }
                }
                // Bank state.
                let rankBanks = footprint(DRAMTraceEntry(cycle: 0, command: .ref, pseudoChannel: pc, rank: e.rank,
                                                         bankGroup: -1, bank: -1, row: -1, column: -1)).banks
                if e.command.opensRow, let b = banks.first(where: { open[$0] != nil }) {
                    problems.append("pc\(pc): \(e) activates bank \(b) whose row \(open[b]!) is open")
                }
                if e.command.isColumn, let b = banks.first(where: { open[$0] != e.row }) {
                    problems.append("pc\(pc): \(e) accesses row \(e.row) but bank \(b) has \(open[b].map(String.init) ?? "no row") open")
                }
                if e.command.isColumn, e.column < 0 || e.column >= organization.columns {
                    problems.append("pc\(pc): \(e) has column out of range")
                }
                if e.command == .ref, let b = rankBanks.first(where: { open[$0] != nil }) {
                    problems.append("pc\(pc): \(e) refreshes while bank \(b) is open")
                }
                if e.command.opensRow { for b in banks { open[b] = e.row } }
                if e.command.closesRow { for b in banks { open[b] = nil } }
                history.append((e, banks, groups))
            }
        }
        return problems
    }
}
