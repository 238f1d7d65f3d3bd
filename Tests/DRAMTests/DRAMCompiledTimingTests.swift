import Testing
@testable import DRAM

/// The compiled timing state (merged rule targets, command classes sharing one slot per node)
/// against a naive model that applies every row of the table to every node of the footprint,
/// one command at a time: both must give the same earliest cycle for every command and unit
/// after every issue of a long random legal sequence.
@Suite struct DRAMCompiledTimingTests {
    /// "Next legal cycle" per (level, node, command), raised row by row.
    struct NaiveTiming {
        let geometry: DRAMGeometry
        let rules: [DRAMTimingRule]
        var next: [[Int64]]  // [level][node * commandCount + command]

        init(geometry: DRAMGeometry, rules: [DRAMTimingRule]) {
            self.geometry = geometry
            self.rules = rules
            next = DRAMLevel.allCases.map { level in
                Array(repeating: DRAMTimingState.distantPast, count: DRAMTimingState.nodeCount(level, geometry) * DRAMCommand.count)
            }
        }

        func nodes(_ unit: Int, _ level: DRAMLevel) -> [Int] {
            switch level {
            case .pseudoChannel: [0]
            case .rank: [geometry.rank(ofUnit: unit)]
            case .bankGroup: geometry.bankGroups(ofUnit: unit).map { Int($0) }
            case .bank: geometry.banks(ofUnit: unit).map { Int($0) }
            }
        }

        mutating func issue(_ command: DRAMCommand, unit: Int, at time: Int64) {
            for rule in rules where rule.preceding == command {
                for node in nodes(unit, rule.level) {
                    let i = node * DRAMCommand.count + Int(rule.following.rawValue)
                    next[rule.level.rawValue][i] = max(next[rule.level.rawValue][i], time + rule.latency)
                }
            }
        }

        func earliest(_ command: DRAMCommand, unit: Int) -> Int64 {
            var e = DRAMTimingState.distantPast
            for level in DRAMLevel.allCases {
                for node in nodes(unit, level) { e = max(e, next[level.rawValue][node * DRAMCommand.count + Int(command.rawValue)]) }
            }
            return e
        }
    }

    /// The commands addressed to `unit`.
    static func commands(for unit: Int, _ g: DRAMGeometry) -> [DRAMCommand] {
        switch g.scope(ofUnit: unit) {
        case .bank: [.act, .pre, .rd, .wr]
        case .bundle: [.bundleAct, .bundlePre, .bundleRd, .bundleWr]
        case .rank: [.allBankAct, .allBankPre, .allBankRd, .allBankWr, .prea, .ref]
        }
    }

    @Test(arguments: ["hbm3-5.2", "hbm3e-9.6"], [false, true])
    func compiledStateMatchesTheRowByRowModel(preset name: String, powerLimit: Bool) throws {
        let preset = try DRAMPreset.builtin(named: name)
        let g = DRAMGeometry(preset.organization)
        // Pairwise rows only: window rules are kept one by one, not compiled.
        let rules = DRAMTimingTable(timing: preset.timing, options: .init(bankPIMPowerLimit: powerLimit)).rules.filter { $0.window == 1 }
        let state = DRAMTimingState(geometry: g, table: DRAMTimingTable(rules: rules))
        var naive = NaiveTiming(geometry: g, rules: rules)
        var rng = SplitMix64Proxy(seed: powerLimit ? 2 : 1)
        var time: Int64 = 0, issued = 0
        for step in 0..<4_000 {
            let unit = rng.below(g.units)
            let options = Self.commands(for: unit, g)
            let command = options[rng.below(options.count)]
            guard state.stateAllows(command, unit: unit, row: 1) else { continue }
            time = max(time + Int64(rng.below(4)), state.earliest(command, unit: unit))
            state.issue(command, unit: unit, row: 1, at: time)
            naive.issue(command, unit: unit, at: time)
            issued += 1
            let units = step % 64 == 0 ? Array(0..<g.units) : [unit, rng.below(g.units)]
            for u in units {
                for c in DRAMCommand.allCases where state.earliest(c, unit: u) != naive.earliest(c, unit: u) {
                    Issue.record("\(name) step \(step): \(c) to unit \(u): compiled \(state.earliest(c, unit: u)), naive \(naive.earliest(c, unit: u))")
                    return
                }
            }
        }
        #expect(issued > 1_000)
    }

    @Test func theHBM3TableMergesPrechargesAndRowCommandsIntoClasses() {
        let compiled = DRAMCompiledTiming(table: DRAMTimingTable(timing: DRAMTestSupport.preset52.timing))
        let levels = DRAMCompiledTiming.levels
        func targets(_ p: DRAMCommand) -> Int {
            Int(compiled.targetStart[(Int(p.rawValue) + 1) * levels] - compiled.targetStart[Int(p.rawValue) * levels])
        }
        #expect(targets(.rd) == 9)
        // 5.2 Gb/s has nRCDRD = nRCDWR, so reads and writes also share a bank-level slot.
        #expect(targets(.act) == 7)
        let bank = DRAMLevel.bank.rawValue, channel = DRAMLevel.pseudoChannel.rawValue
        let precharges = DRAMCommand.rowCloses.map { compiled.commandClass[Int($0.rawValue) * levels + bank] }
        #expect(Set(precharges).count == 1)
        let rowCommands = DRAMCommand.rowCommands.map { compiled.commandClass[Int($0.rawValue) * levels + channel] }
        #expect(Set(rowCommands).count == 1)
    }

    /// `bankPairDelay` (used by hit runs to raise other units' earliest cycles without the timing
    /// state) against the row-by-row model: after p to bank x at cycle 0 on a fresh state, f to
    /// bank y is legal exactly at the delay of their relation, for every pair of banks.
    @Test(arguments: ["hbm3-5.2", "hbm3-6.4", "hbm3e-9.6"])
    func bankPairDelaysMatchTheRowByRowModel(preset name: String) throws {
        let preset = try DRAMPreset.builtin(named: name)
        let g = DRAMGeometry(preset.organization)
        let table = DRAMTimingTable(timing: preset.timing)
        let state = DRAMTimingState(geometry: g, table: table)
        let pairwise = table.rules.filter { $0.window == 1 }
        let bankCommands: [DRAMCommand] = [.act, .pre, .rd, .wr]
        #expect(state.bankCommands == bankCommands.count)
        for p in bankCommands {
            for x in 0..<g.banks {
                var naive = NaiveTiming(geometry: g, rules: pairwise)
                naive.issue(p, unit: x, at: 0)
                for y in 0..<g.banks {
                    let relation = state.bankRelation(x, y)
                    for f in bankCommands {
                        let delay = state.bankPairDelay[(relation * state.bankCommands + Int(p.rawValue)) * state.bankCommands + Int(f.rawValue)]
                        #expect(naive.earliest(f, unit: y) == delay, "\(p) to bank \(x), \(f) to bank \(y)")
                    }
                }
            }
        }
    }
}
