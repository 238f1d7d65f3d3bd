/// The timing and bank state of one pseudo-channel, compiled from a `DRAMTimingTable` for fast
/// queries: for every node (the pseudo-channel, each rank, bank group and bank) and every
/// command, the earliest cycle at which that command may next touch the node.
///
/// Issuing command p at cycle t to a unit raises, for every pairwise rule (level L, p -> f,
/// latency), `next[f]` of each node of level L in the unit's footprint to t + latency; window
/// rules keep the last w issue times per node. `earliest(_:unit:)` is the maximum over the
/// footprint's nodes, so a query costs O(footprint) and an issue O(rules of p x footprint).
/// Bank state (the open row of every bank) is checked separately by `stateAllows`.
///
/// A final class owning its buffers (one per controller, never shared): element access in the
/// hot loop pays no copy-on-write or exclusivity checks.
public final class DRAMTimingState: @unchecked Sendable {
    public let geometry: DRAMGeometry
    static let commandCount = DRAMCommand.count
    /// A time long before any command, so "never issued" never constrains.
    static let distantPast: Int64 = -(1 << 50)

    /// next[(nodeOffset + node) * commandCount + command].
    let next: UnsafeMutablePointer<Int64>
    let nextCount: Int
    let rankOffset: Int, groupOffset: Int, bankOffset: Int
    let banks: Int, banksPerBankGroup: Int

    /// Footprints (copies of the geometry's, as pointers).
    let footprintBankStart: UnsafeMutablePointer<Int32>, footprintBanks: UnsafeMutablePointer<Int32>
    let footprintGroupStart: UnsafeMutablePointer<Int32>, footprintGroups: UnsafeMutablePointer<Int32>
    let unitRank: UnsafeMutablePointer<Int32>

    /// Pairwise rules grouped by preceding command: rulesStart[p] ..< rulesStart[p + 1].
    let rulesStart: UnsafeMutablePointer<Int>
    let ruleLevel: UnsafeMutablePointer<DRAMLevel>
    let ruleFollowing: UnsafeMutablePointer<Int>
    let ruleLatency: UnsafeMutablePointer<Int64>

    /// Window rules and their per-node histories: ring buffers of `window` issue times, stored
    /// flat (`windowHistory[historyStart[w] + node * window + i]`, head `windowHead[headStart[w] + node]`).
    let windowRules: [DRAMTimingRule]
    let historyStart: [Int], headStart: [Int]
    let windowHistory: UnsafeMutablePointer<Int64>, windowHistoryCount: Int
    let windowHead: UnsafeMutablePointer<Int>, windowHeadCount: Int
    /// For each command, whether any window rule constrains it (as following / as preceding).
    let windowFollowing: UnsafeMutablePointer<Bool>
    let windowPreceding: UnsafeMutablePointer<Bool>

    /// The open row of every bank, or -1 when closed.
    let openRows: UnsafeMutablePointer<Int32>

    public init(geometry: DRAMGeometry, table: DRAMTimingTable) {
        self.geometry = geometry
        let c = DRAMTimingState.commandCount
        rankOffset = 1
        groupOffset = 1 + geometry.ranks
        bankOffset = groupOffset + geometry.ranks * geometry.bankGroups
        banks = geometry.banks
        banksPerBankGroup = geometry.banksPerBankGroup
        nextCount = (bankOffset + geometry.banks) * c
        next = allocateCopy(Array(repeating: DRAMTimingState.distantPast, count: nextCount))
        footprintBankStart = allocateCopy(geometry.footprintBankStart)
        footprintBanks = allocateCopy(geometry.footprintBanks)
        footprintGroupStart = allocateCopy(geometry.footprintGroupStart)
        footprintGroups = allocateCopy(geometry.footprintGroups)
        unitRank = allocateCopy(geometry.unitRank)
        var start: [Int] = [], level: [DRAMLevel] = [], following: [Int] = [], latency: [Int64] = []
        for p in DRAMCommand.allCases {
            start.append(level.count)
            for r in table.rules where r.preceding == p && r.window == 1 {
                level.append(r.level)
                following.append(Int(r.following.rawValue))
                latency.append(r.latency)
            }
        }
        start.append(level.count)
        rulesStart = allocateCopy(start)
        ruleLevel = allocateCopy(level)
        ruleFollowing = allocateCopy(following)
        ruleLatency = allocateCopy(latency)
        var windows: [DRAMTimingRule] = [], hStart: [Int] = [], headStart: [Int] = [], hCount = 0, headCount = 0
        var windowFollowing = Array(repeating: false, count: c)
        var windowPreceding = Array(repeating: false, count: c)
        for r in table.rules where r.window > 1 {
            windowPreceding[Int(r.preceding.rawValue)] = true
            windowFollowing[Int(r.following.rawValue)] = true
            let nodes = DRAMTimingState.nodeCount(r.level, geometry)
            windows.append(r)
            hStart.append(hCount)
            headStart.append(headCount)
            hCount += nodes * r.window
            headCount += nodes
        }
        windowRules = windows
        historyStart = hStart
        self.headStart = headStart
        windowHistoryCount = hCount
        windowHistory = allocateCopy(Array(repeating: DRAMTimingState.distantPast, count: hCount))
        windowHeadCount = headCount
        windowHead = allocateCopy(Array(repeating: 0, count: headCount))
        self.windowFollowing = allocateCopy(windowFollowing)
        self.windowPreceding = allocateCopy(windowPreceding)
        openRows = allocateCopy(Array(repeating: Int32(-1), count: geometry.banks))
    }

    deinit {
        for p in [UnsafeMutableRawPointer(next), UnsafeMutableRawPointer(footprintBankStart), UnsafeMutableRawPointer(footprintBanks),
                  UnsafeMutableRawPointer(footprintGroupStart), UnsafeMutableRawPointer(footprintGroups), UnsafeMutableRawPointer(unitRank),
                  UnsafeMutableRawPointer(rulesStart), UnsafeMutableRawPointer(ruleLevel), UnsafeMutableRawPointer(ruleFollowing),
                  UnsafeMutableRawPointer(ruleLatency), UnsafeMutableRawPointer(windowHistory), UnsafeMutableRawPointer(windowHead),
                  UnsafeMutableRawPointer(windowFollowing), UnsafeMutableRawPointer(windowPreceding), UnsafeMutableRawPointer(openRows)] {
            p.deallocate()
        }
    }

    static func nodeCount(_ level: DRAMLevel, _ g: DRAMGeometry) -> Int {
        switch level {
        case .pseudoChannel: 1
        case .rank: g.ranks
        case .bankGroup: g.ranks * g.bankGroups
        case .bank: g.banks
        }
    }

    /// The open row of every bank (flat index), -1 when closed.
    public var openRow: [Int32] { Array(UnsafeBufferPointer(start: openRows, count: banks)) }

    /// The open row of bank `bank` (flat index), or -1.
    @inline(__always)
    public func openRow(ofBank bank: Int) -> Int32 { openRows[bank] }

    /// The earliest cycle at which `command` may be issued to `unit` by the timing rules alone.
    @inline(__always)
    public func earliest(_ command: DRAMCommand, unit: Int) -> Int64 {
        precondition(unit >= 0 && unit < geometry.units, "DRAM: unit \(unit) out of range")
        let c = DRAMTimingState.commandCount
        let k = Int(command.rawValue)
        var e = next[k]
        let rank = Int(unitRank[unit])
        e = max(e, next[(rankOffset + rank) * c + k])
        if unit < banks {
            e = max(e, next[(groupOffset + unit / banksPerBankGroup) * c + k])
            e = max(e, next[(bankOffset + unit) * c + k])
        } else {
            for i in Int(footprintGroupStart[unit])..<Int(footprintGroupStart[unit + 1]) {
                e = max(e, next[(groupOffset + Int(footprintGroups[i])) * c + k])
            }
            for i in Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1]) {
                e = max(e, next[(bankOffset + Int(footprintBanks[i])) * c + k])
            }
        }
        if windowFollowing[k] { e = max(e, windowEarliest(command, unit: unit)) }
        return e
    }

    func windowEarliest(_ command: DRAMCommand, unit: Int) -> Int64 {
        var e = DRAMTimingState.distantPast
        for w in windowRules.indices where windowRules[w].following == command {
            let window = windowRules[w].window, latency = windowRules[w].latency
            let history = historyStart[w], heads = headStart[w]
            // The oldest of the last `window` issues sits at the ring's head.
            func oldest(_ node: Int) -> Int64 { windowHistory[history + node * window + windowHead[heads + node]] + latency }
            switch windowRules[w].level {
            case .pseudoChannel: e = max(e, oldest(0))
            case .rank: e = max(e, oldest(Int(unitRank[unit])))
            case .bankGroup:
                for j in Int(footprintGroupStart[unit])..<Int(footprintGroupStart[unit + 1]) { e = max(e, oldest(Int(footprintGroups[j]))) }
            case .bank:
                for j in Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1]) { e = max(e, oldest(Int(footprintBanks[j]))) }
            }
        }
        return e
    }

    /// Whether the bank state allows `command` to `unit` (row `row` for ACT and column commands):
    /// activations need every bank of the footprint closed, column commands need `row` open in
    /// every bank, refresh needs the whole rank closed; precharges are always allowed.
    public func stateAllows(_ command: DRAMCommand, unit: Int, row: Int32) -> Bool {
        if unit < banks && command != .ref {
            return command.opensRow ? openRows[unit] < 0 : command.isColumn ? openRows[unit] == row : true
        }
        let g = geometry
        let banks = command == .ref ? g.banks(ofUnit: g.rankUnit(rank: g.rank(ofUnit: unit))) : g.banks(ofUnit: unit)
        if command.opensRow || command == .ref { return banks.allSatisfy { openRows[Int($0)] < 0 } }
        if command.isColumn { return banks.allSatisfy { openRows[Int($0)] == row } }
        return true
    }

    /// Records `command` to `unit` at cycle `time`. The caller must have checked legality; an
    /// illegal command is a model-invariant violation and stops the program.
    public func issue(_ command: DRAMCommand, unit: Int, row: Int32, at time: Int64) {
        precondition(time >= earliest(command, unit: unit),
                     "DRAM: \(command) to unit \(unit) at cycle \(time) violates timing (earliest \(earliest(command, unit: unit)))")
        precondition(stateAllows(command, unit: unit, row: row), "DRAM: \(command) to unit \(unit) row \(row) is illegal in the bank state")
        let c = DRAMTimingState.commandCount
        let p = Int(command.rawValue)
        let rank = Int(unitRank[unit])
        @inline(__always) func raise(_ i: Int, _ value: Int64) { if next[i] < value { next[i] = value } }
        for r in rulesStart[p]..<rulesStart[p + 1] {
            let value = time + ruleLatency[r]
            let f = ruleFollowing[r]
            switch ruleLevel[r] {
            case .pseudoChannel: raise(f, value)
            case .rank: raise((rankOffset + rank) * c + f, value)
            case .bankGroup:
                if unit < banks { raise((groupOffset + unit / banksPerBankGroup) * c + f, value) } else {
                    for j in Int(footprintGroupStart[unit])..<Int(footprintGroupStart[unit + 1]) {
                        raise((groupOffset + Int(footprintGroups[j])) * c + f, value)
                    }
                }
            case .bank:
                if unit < banks { raise((bankOffset + unit) * c + f, value) } else {
                    for j in Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1]) {
                        raise((bankOffset + Int(footprintBanks[j])) * c + f, value)
                    }
                }
            }
        }
        if windowPreceding[p] {
            for w in windowRules.indices where windowRules[w].preceding == command {
                let window = windowRules[w].window
                switch windowRules[w].level {
                case .pseudoChannel: pushWindow(w, node: 0, window: window, time)
                case .rank: pushWindow(w, node: rank, window: window, time)
                case .bankGroup:
                    for j in Int(footprintGroupStart[unit])..<Int(footprintGroupStart[unit + 1]) {
                        pushWindow(w, node: Int(footprintGroups[j]), window: window, time)
                    }
                case .bank:
                    for j in Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1]) {
                        pushWindow(w, node: Int(footprintBanks[j]), window: window, time)
                    }
                }
            }
        }
        if command.opensRow {
            if unit < banks { openRows[unit] = row } else {
                for j in Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1]) { openRows[Int(footprintBanks[j])] = row }
            }
        } else if command.closesRow {
            let target = command == .prea ? geometry.rankUnit(rank: rank) : unit
            if target < banks { openRows[target] = -1 } else {
                for j in Int(footprintBankStart[target])..<Int(footprintBankStart[target + 1]) { openRows[Int(footprintBanks[j])] = -1 }
            }
        }
    }

    @inline(__always)
    func pushWindow(_ w: Int, node: Int, window: Int, _ time: Int64) {
        let hi = headStart[w] + node
        let h = windowHead[hi]
        windowHistory[historyStart[w] + node * window + h] = time
        windowHead[hi] = h + 1 == window ? 0 : h + 1
    }
}
