/// The timing and bank state of one pseudo-channel, compiled from a `DRAMTimingTable` for fast
/// queries: for every node (the pseudo-channel, each rank, bank group and bank) and every
/// command, the earliest cycle at which that command may next touch the node.
///
/// Issuing command p at cycle t to a unit raises, for every pairwise rule (level L, p -> f,
/// latency), `next[f]` of each node of level L in the unit's footprint to t + latency; window
/// rules keep the last w issue times per node. `earliest(_:unit:)` is the maximum over the
/// footprint's nodes, so a query costs O(footprint) and an issue O(rules of p x footprint).
/// Bank state (the open row of every bank) is checked separately by `stateAllows`.
public struct DRAMTimingState: Sendable {
    public let geometry: DRAMGeometry
    static let commandCount = DRAMCommand.count
    /// A time long before any command, so "never issued" never constrains.
    static let distantPast: Int64 = -(1 << 50)

    /// next[(nodeOffset + node) * commandCount + command].
    var next: [Int64]
    let rankOffset: Int, groupOffset: Int, bankOffset: Int

    /// Pairwise rules grouped by preceding command: rulesStart[p] ..< rulesStart[p + 1].
    let rulesStart: [Int]
    let ruleLevel: [DRAMLevel]
    let ruleFollowing: [Int]
    let ruleLatency: [Int64]

    /// Window rules and their per-node histories: ring buffers of `window` issue times, stored
    /// flat (`windowHistory[historyStart[w] + node * window + i]`, head `windowHead[headStart[w] + node]`).
    let windowRules: [DRAMTimingRule]
    let historyStart: [Int], headStart: [Int]
    var windowHistory: [Int64]
    var windowHead: [Int]
    /// For each command, whether any window rule constrains it (as following / as preceding).
    let windowFollowing: [Bool]
    let windowPreceding: [Bool]

    /// The open row of every bank, or -1 when closed.
    public private(set) var openRow: [Int32]

    public init(geometry: DRAMGeometry, table: DRAMTimingTable) {
        self.geometry = geometry
        let c = DRAMTimingState.commandCount
        rankOffset = 1
        groupOffset = 1 + geometry.ranks
        bankOffset = groupOffset + geometry.ranks * geometry.bankGroups
        next = Array(repeating: DRAMTimingState.distantPast, count: (bankOffset + geometry.banks) * c)
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
        rulesStart = start
        ruleLevel = level
        ruleFollowing = following
        ruleLatency = latency
        var windows: [DRAMTimingRule] = [], hStart: [Int] = [], headStart: [Int] = [], hCount = 0, headCount = 0
        var windowFollowing = Array(repeating: false, count: c)
        var windowPreceding = Array(repeating: false, count: c)
        for r in table.rules where r.window > 1 {
            windowPreceding[Int(r.preceding.rawValue)] = true
            let nodes = DRAMTimingState.nodeCount(r.level, geometry)
            windows.append(r)
            hStart.append(hCount)
            headStart.append(headCount)
            hCount += nodes * r.window
            headCount += nodes
            windowFollowing[Int(r.following.rawValue)] = true
        }
        windowRules = windows
        historyStart = hStart
        self.headStart = headStart
        windowHistory = Array(repeating: DRAMTimingState.distantPast, count: hCount)
        windowHead = Array(repeating: 0, count: headCount)
        self.windowFollowing = windowFollowing
        self.windowPreceding = windowPreceding
        openRow = Array(repeating: -1, count: geometry.banks)
    }

    static func nodeCount(_ level: DRAMLevel, _ g: DRAMGeometry) -> Int {
        switch level {
        case .pseudoChannel: 1
        case .rank: g.ranks
        case .bankGroup: g.ranks * g.bankGroups
        case .bank: g.banks
        }
    }

    /// The earliest cycle at which `command` may be issued to `unit` by the timing rules alone.
    @inline(__always)
    public func earliest(_ command: DRAMCommand, unit: Int) -> Int64 {
        let c = DRAMTimingState.commandCount
        let k = Int(command.rawValue)
        let g = geometry
        var e = next[k]
        let rank = Int(g.unitRank[unit])
        e = max(e, next[(rankOffset + rank) * c + k])
        if unit < g.banks {
            e = max(e, next[(groupOffset + unit / g.banksPerBankGroup) * c + k])
            e = max(e, next[(bankOffset + unit) * c + k])
        } else {
            for i in Int(g.footprintGroupStart[unit])..<Int(g.footprintGroupStart[unit + 1]) {
                e = max(e, next[(groupOffset + Int(g.footprintGroups[i])) * c + k])
            }
            for i in Int(g.footprintBankStart[unit])..<Int(g.footprintBankStart[unit + 1]) {
                e = max(e, next[(bankOffset + Int(g.footprintBanks[i])) * c + k])
            }
        }
        if windowFollowing[k] { e = max(e, windowEarliest(command, unit: unit)) }
        return e
    }

    /// `earliest` for callers that hold the state mutably (the controller): calling through
    /// `inout self` avoids copying the state for a non-mutating call.
    @inline(__always)
    mutating func earliestInPlace(_ command: DRAMCommand, unit: Int) -> Int64 { earliest(command, unit: unit) }

    /// The open row of bank `bank` (flat index), or -1.
    @inline(__always)
    mutating func openRowInPlace(_ bank: Int) -> Int32 { openRow[bank] }

    func windowEarliest(_ command: DRAMCommand, unit: Int) -> Int64 {
        var e = DRAMTimingState.distantPast
        for w in windowRules.indices where windowRules[w].following == command {
            let window = windowRules[w].window, latency = windowRules[w].latency
            // The oldest of the last `window` issues sits at the ring's head.
            func oldest(_ node: Int) -> Int64 {
                windowHistory[historyStart[w] + node * window + windowHead[headStart[w] + node]] + latency
            }
            switch windowRules[w].level {
            case .pseudoChannel: e = max(e, oldest(0))
            case .rank: e = max(e, oldest(Int(geometry.unitRank[unit])))
            case .bankGroup:
                for j in Int(geometry.footprintGroupStart[unit])..<Int(geometry.footprintGroupStart[unit + 1]) {
                    e = max(e, oldest(Int(geometry.footprintGroups[j])))
                }
            case .bank:
                for j in Int(geometry.footprintBankStart[unit])..<Int(geometry.footprintBankStart[unit + 1]) {
                    e = max(e, oldest(Int(geometry.footprintBanks[j])))
                }
            }
        }
        return e
    }

    /// Whether the bank state allows `command` to `unit` (row `row` for ACT and column commands):
    /// activations need every bank of the footprint closed, column commands need `row` open in
    /// every bank, refresh needs the whole rank closed; precharges are always allowed.
    public func stateAllows(_ command: DRAMCommand, unit: Int, row: Int32) -> Bool {
        let banks = command == .ref ? geometry.banks(ofUnit: geometry.rankUnit(rank: geometry.rank(ofUnit: unit)))
                                    : geometry.banks(ofUnit: unit)
        if command.opensRow || command == .ref { return banks.allSatisfy { openRow[Int($0)] < 0 } }
        if command.isColumn { return banks.allSatisfy { openRow[Int($0)] == row } }
        return true
    }

    /// Records `command` to `unit` at cycle `time`. The caller must have checked legality; an
    /// illegal command is a model-invariant violation and stops the program.
    public mutating func issue(_ command: DRAMCommand, unit: Int, row: Int32, at time: Int64) {
        precondition(time >= earliest(command, unit: unit),
                     "DRAM: \(command) to unit \(unit) at cycle \(time) violates timing (earliest \(earliest(command, unit: unit)))")
        precondition(stateAllows(command, unit: unit, row: row), "DRAM: \(command) to unit \(unit) row \(row) is illegal in the bank state")
        let c = DRAMTimingState.commandCount
        let g = geometry
        let p = Int(command.rawValue)
        let rank = Int(g.unitRank[unit])
        for r in rulesStart[p]..<rulesStart[p + 1] {
            let value = time + ruleLatency[r]
            let f = ruleFollowing[r]
            switch ruleLevel[r] {
            case .pseudoChannel:
                if next[f] < value { next[f] = value }
            case .rank:
                let i = (rankOffset + rank) * c + f
                if next[i] < value { next[i] = value }
            case .bankGroup:
                if unit < g.banks {
                    let i = (groupOffset + unit / g.banksPerBankGroup) * c + f
                    if next[i] < value { next[i] = value }
                } else {
                    for j in Int(g.footprintGroupStart[unit])..<Int(g.footprintGroupStart[unit + 1]) {
                        let i = (groupOffset + Int(g.footprintGroups[j])) * c + f
                        if next[i] < value { next[i] = value }
                    }
                }
            case .bank:
                if unit < g.banks {
                    let i = (bankOffset + unit) * c + f
                    if next[i] < value { next[i] = value }
                } else {
                    for j in Int(g.footprintBankStart[unit])..<Int(g.footprintBankStart[unit + 1]) {
                        let i = (bankOffset + Int(g.footprintBanks[j])) * c + f
                        if next[i] < value { next[i] = value }
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
                    for j in Int(g.footprintGroupStart[unit])..<Int(g.footprintGroupStart[unit + 1]) {
                        pushWindow(w, node: Int(g.footprintGroups[j]), window: window, time)
                    }
                case .bank:
                    for j in Int(g.footprintBankStart[unit])..<Int(g.footprintBankStart[unit + 1]) {
                        pushWindow(w, node: Int(g.footprintBanks[j]), window: window, time)
                    }
                }
            }
        }
        if command.opensRow {
            if unit < g.banks { openRow[unit] = row } else {
                for j in Int(g.footprintBankStart[unit])..<Int(g.footprintBankStart[unit + 1]) { openRow[Int(g.footprintBanks[j])] = row }
            }
        } else if command.closesRow {
            let target = command == .prea ? g.rankUnit(rank: rank) : unit
            if target < g.banks { openRow[target] = -1 } else {
                for j in Int(g.footprintBankStart[target])..<Int(g.footprintBankStart[target + 1]) { openRow[Int(g.footprintBanks[j])] = -1 }
            }
        }
    }

    @inline(__always)
    mutating func pushWindow(_ w: Int, node: Int, window: Int, _ time: Int64) {
        let hi = headStart[w] + node
        let h = windowHead[hi]
        windowHistory[historyStart[w] + node * window + h] = time
        windowHead[hi] = h + 1 == window ? 0 : h + 1
    }
}
