/// The timing and bank state of one pseudo-channel, compiled from a `DRAMTimingTable` for fast
/// queries: for every node (the pseudo-channel, each rank, bank group and bank) and every
/// command, the earliest cycle at which that command may next touch the node.
///
/// Following commands that no rule tells apart share one slot per node (`DRAMCompiledTiming`:
/// classes per level). Issuing command p at cycle t to a unit raises, for every merged pairwise
/// target of p at level L (a class, the largest latency of the (L, p, f) rows of its commands),
/// that slot of each node of level L in the unit's footprint to t + latency; window rules keep
/// the last w issue times per node. `earliest(_:unit:)` is the maximum over the footprint's
/// nodes of the command's class slot, so a query costs O(footprint nodes) (4 loads for a bank
/// command) and an issue O(targets of p x footprint nodes) (9 raises for a bank RD, 7 for an ACT
/// with the hbm3-5.2 table).
/// Bank state (the open row of every bank) is checked separately by `stateAllows`.
///
/// `issue` re-checks legality (timing and bank state) and stops the program on a violation; the
/// controller, which issues only commands it has just found legal, uses `record`, which checks
/// the same in debug builds (every test run) and not in release builds. The independent
/// `DRAMTraceChecker` re-validates whole traces.
///
/// A final class owning its buffers (one per controller, never shared): element access in the
/// hot loop pays no copy-on-write or exclusivity checks.
public final class DRAMTimingState: @unchecked Sendable {
    public let geometry: DRAMGeometry
    static let commandCount = DRAMCommand.count
    static let levels = DRAMCompiledTiming.levels
    /// A time long before any command, so "never issued" never constrains.
    static let distantPast: Int64 = -(1 << 50)

    /// next[nodeBase + class]: the pseudo-channel's node, then ranks, bank groups and banks (flat
    /// indices), each node `classCount` slots of its level wide.
    let next: UnsafeMutablePointer<Int64>
    let nextCount: Int
    let banks: Int

    /// The nodes each unit touches, as bases into `next`, level by level:
    /// `unitNodeBase[unitNodeStart[unit * levels + L] ..< unitNodeStart[unit * levels + L + 1]]`.
    /// A bank unit has exactly one node per level, so its nodes sit at `unit * levels ..< unit * levels + 4`.
    let unitNodeStart: UnsafeMutablePointer<Int32>, unitNodeBase: UnsafeMutablePointer<Int32>

    /// Footprints (copies of the geometry's, as pointers).
    let footprintBankStart: UnsafeMutablePointer<Int32>, footprintBanks: UnsafeMutablePointer<Int32>
    let footprintGroupStart: UnsafeMutablePointer<Int32>, footprintGroups: UnsafeMutablePointer<Int32>
    let unitRank: UnsafeMutablePointer<Int32>

    /// `commandClass[command * levels + L]`: the command's slot in a node of level L.
    let commandClass: UnsafeMutablePointer<Int32>
    /// Merged pairwise targets (see `DRAMCompiledTiming`): per (p, level) a range of
    /// `targetClass` / `targetLatency` (the all-levels list of p, which bank units walk, is
    /// `targetStart[p * levels] ..< targetStart[(p + 1) * levels]`).
    let targetStart: UnsafeMutablePointer<Int32>
    let targetClass: UnsafeMutablePointer<Int32>
    let targetLatency: UnsafeMutablePointer<Int64>

    /// Bank units' slots for the bank-scope commands (ACT, PRE, RD, WR: the first
    /// `bankCommands` raw values), resolved once (a bank unit has one node per level, so each of
    /// its slots is one absolute index into `next`): `bankQuerySlot[(unit * bankCommands + k) *
    /// levels + L]` is the slot command k reads at level L, and `bankRaiseSlot[unit * bankTargets
    /// + r]` the slot that target r (of the all-levels list of its preceding command, all below
    /// `bankTargets = targetStart[bankCommands * levels]`) raises. A query is then 4 loads, a
    /// raise one index load; the values are exactly those of the per-level walk, which every
    /// other (unit, command) pair takes (`DRAMCompiledTimingTests`). 16-bit indices keep the
    /// tables at about 3 KB per pseudo-channel (random traffic touches all 32 in turn).
    let bankQuerySlot: UnsafeMutablePointer<UInt16>, bankRaiseSlot: UnsafeMutablePointer<UInt16>
    let bankCommands: Int, bankTargets: Int
    /// For two bank units x and y in relation `bankRelation(x, y)` (0 the same bank, 1 the same
    /// bank group, 2 the same rank, 3 different ranks) and bank commands p, f: the largest latency
    /// by which issuing p to x at t raises a slot that f to y reads (`distantPast` when none):
    /// `bankPairDelay[(relation * bankCommands + p) * bankCommands + f]`. Found from the slot
    /// tables (the slots two bank units share depend only on their relation), so after p to x at
    /// t, earliest(f, y) is exactly max(earliest before, t + delay) (`DRAMPseudoChannelController+HitRun`).
    let bankPairDelay: UnsafeMutablePointer<Int64>
    /// `bankRelation(x, y)` of every pair of bank units, at `x * banks + y` (banks² bytes: one
    /// load instead of two bank-group and two rank loads with their branches).
    let bankRelationTable: UnsafeMutablePointer<UInt8>

    /// Window rules, field by field, and their per-node histories: ring buffers of `window` issue
    /// times, stored flat (`windowHistory[historyStart[w] + node * window + i]`, head
    /// `windowHead[headStart[w] + node]`).
    let windowCount: Int
    let windowLevel: UnsafeMutablePointer<DRAMLevel>
    let windowRulePreceding: UnsafeMutablePointer<DRAMCommand>, windowRuleFollowing: UnsafeMutablePointer<DRAMCommand>
    let windowSize: UnsafeMutablePointer<Int>, windowLatency: UnsafeMutablePointer<Int64>
    let historyStart: UnsafeMutablePointer<Int>, headStart: UnsafeMutablePointer<Int>
    let windowHistory: UnsafeMutablePointer<Int64>
    let windowHead: UnsafeMutablePointer<Int>
    /// `windowAllowed[headStart[w] + node]`: the earliest cycle rule w allows at the node, the
    /// oldest of its ring (the entry at the head) plus the latency, kept up to date by each push
    /// so that a query reads one value per node.
    let windowAllowed: UnsafeMutablePointer<Int64>
    /// For each command, whether any window rule constrains it (as following / as preceding).
    let windowFollowing: UnsafeMutablePointer<Bool>
    let windowPreceding: UnsafeMutablePointer<Bool>

    /// The open row of every bank, or -1 when closed.
    let openRows: UnsafeMutablePointer<Int32>

    public init(geometry: DRAMGeometry, table: DRAMTimingTable) {
        self.geometry = geometry
        let c = DRAMTimingState.commandCount, levels = DRAMTimingState.levels
        let compiled = DRAMCompiledTiming(table: table)
        let width = compiled.classCount
        let rankOffset = width[0], groupOffset = rankOffset + geometry.ranks * width[1]
        let bankOffset = groupOffset + geometry.ranks * geometry.bankGroups * width[2]
        banks = geometry.banks
        nextCount = bankOffset + geometry.banks * width[3]
        next = allocateCopy(Array(repeating: DRAMTimingState.distantPast, count: nextCount))
        var nodeStart: [Int32] = [], nodeBase: [Int32] = []
        for u in 0..<geometry.units {
            for level in DRAMLevel.allCases {
                nodeStart.append(Int32(nodeBase.count))
                let bases: [Int]
                let w = width[level.rawValue]
                switch level {
                case .pseudoChannel: bases = [0]
                case .rank: bases = [rankOffset + geometry.rank(ofUnit: u) * w]
                case .bankGroup: bases = geometry.bankGroups(ofUnit: u).map { groupOffset + Int($0) * w }
                case .bank: bases = geometry.banks(ofUnit: u).map { bankOffset + Int($0) * w }
                }
                nodeBase += bases.map { Int32($0) }
            }
        }
        nodeStart.append(Int32(nodeBase.count))
        precondition((0..<geometry.banks).allSatisfy { nodeStart[$0 * levels] == Int32($0 * levels) },
                     "DRAM: bank units must have one node per level")
        unitNodeStart = allocateCopy(nodeStart)
        unitNodeBase = allocateCopy(nodeBase)
        footprintBankStart = allocateCopy(geometry.footprintBankStart)
        footprintBanks = allocateCopy(geometry.footprintBanks)
        footprintGroupStart = allocateCopy(geometry.footprintGroupStart)
        footprintGroups = allocateCopy(geometry.footprintGroups)
        unitRank = allocateCopy(geometry.unitRank)
        commandClass = allocateCopy(compiled.commandClass)
        targetStart = allocateCopy(compiled.targetStart)
        targetClass = allocateCopy(compiled.targetClass)
        targetLatency = allocateCopy(compiled.targetLatency)
        let bankScope = DRAMCommand.allCases.filter { $0.scope == .bank }
        precondition(bankScope.map { Int($0.rawValue) } == Array(0..<bankScope.count), "DRAM: bank commands must come first")
        precondition(nextCount <= Int(UInt16.max), "DRAM: too many timing slots for 16-bit indices")
        bankCommands = bankScope.count
        let targets = Int(compiled.targetStart[bankScope.count * levels])
        bankTargets = targets
        var query: [UInt16] = [], raise: [UInt16] = []
        for u in 0..<geometry.banks {
            let base = (0..<levels).map { nodeBase[Int(nodeStart[u * levels + $0])] }
            for k in 0..<bankScope.count {
                for level in 0..<levels { query.append(UInt16(base[level] + compiled.commandClass[k * levels + level])) }
            }
            for r in 0..<targets { raise.append(UInt16(base[Int(compiled.targetLevel[r])] + compiled.targetClass[r])) }
        }
        bankQuerySlot = allocateCopy(query)
        bankRaiseSlot = allocateCopy(raise)
        // One tight loop (set-up runs once per controller and stack run).
        let relations = UnsafeMutablePointer<UInt8>.allocate(capacity: geometry.banks * geometry.banks)
        let perGroup = geometry.banksPerBankGroup, bankCount = geometry.banks
        let group = (0..<bankCount).map { $0 / perGroup }
        geometry.unitRank.withUnsafeBufferPointer { rank in
            group.withUnsafeBufferPointer { group in
                for x in 0..<bankCount {
                    let gx = group[x], rx = rank[x], row = relations + x &* bankCount
                    for y in 0..<bankCount {
                        row[y] = x == y ? 0 : gx == group[y] ? 1 : rx == rank[y] ? 2 : 3
                    }
                }
            }
        }
        bankRelationTable = relations
        // One representative y per relation with x = 0 (where the geometry has one).
        let representative = [0, geometry.banksPerBankGroup > 1 ? 1 : -1,
                              geometry.bankGroups > 1 ? geometry.banksPerBankGroup : -1,
                              geometry.ranks > 1 ? geometry.banksPerRank : -1]
        var pair: [Int64] = []
        let kinds = bankScope.count
        for y in representative {
            for p in 0..<kinds {
                for f in 0..<kinds {
                    var d = DRAMTimingState.distantPast
                    if y >= 0 {
                        for r in Int(compiled.targetStart[p * levels])..<Int(compiled.targetStart[(p + 1) * levels]) {
                            let slot = raise[r]  // x = 0
                            for level in 0..<levels where query[(y * kinds + f) * levels + level] == slot {
                                d = max(d, compiled.targetLatency[r])
                            }
                        }
                    }
                    pair.append(d)
                }
            }
        }
        bankPairDelay = allocateCopy(pair)
        let windows = compiled.windowRules
        var hStart: [Int] = [], headStart: [Int] = [], hCount = 0, headCount = 0
        var windowFollowing = Array(repeating: false, count: c)
        var windowPreceding = Array(repeating: false, count: c)
        for r in windows {
            windowPreceding[Int(r.preceding.rawValue)] = true
            windowFollowing[Int(r.following.rawValue)] = true
            let nodes = DRAMTimingState.nodeCount(r.level, geometry)
            hStart.append(hCount)
            headStart.append(headCount)
            hCount += nodes * r.window
            headCount += nodes
        }
        windowCount = windows.count
        windowLevel = allocateCopy(windows.map(\.level))
        windowRulePreceding = allocateCopy(windows.map(\.preceding))
        windowRuleFollowing = allocateCopy(windows.map(\.following))
        windowSize = allocateCopy(windows.map(\.window))
        windowLatency = allocateCopy(windows.map(\.latency))
        historyStart = allocateCopy(hStart)
        self.headStart = allocateCopy(headStart)
        windowHistory = allocateCopy(Array(repeating: DRAMTimingState.distantPast, count: hCount))
        windowHead = allocateCopy(Array(repeating: 0, count: headCount))
        windowAllowed = allocateCopy(windows.indices.flatMap { w in
            Array(repeating: DRAMTimingState.distantPast + windows[w].latency, count: DRAMTimingState.nodeCount(windows[w].level, geometry))
        })
        self.windowFollowing = allocateCopy(windowFollowing)
        self.windowPreceding = allocateCopy(windowPreceding)
        openRows = allocateCopy(Array(repeating: Int32(-1), count: geometry.banks))
    }

    deinit {
        next.deallocate()
        unitNodeStart.deallocate()
        unitNodeBase.deallocate()
        footprintBankStart.deallocate()
        footprintBanks.deallocate()
        footprintGroupStart.deallocate()
        footprintGroups.deallocate()
        unitRank.deallocate()
        commandClass.deallocate()
        targetStart.deallocate()
        targetClass.deallocate()
        targetLatency.deallocate()
        bankQuerySlot.deallocate()
        bankRaiseSlot.deallocate()
        bankPairDelay.deallocate()
        bankRelationTable.deallocate()
        windowLevel.deallocate()
        windowRulePreceding.deallocate()
        windowRuleFollowing.deallocate()
        windowSize.deallocate()
        windowLatency.deallocate()
        historyStart.deallocate()
        headStart.deallocate()
        windowHistory.deallocate()
        windowHead.deallocate()
        windowAllowed.deallocate()
        windowFollowing.deallocate()
        windowPreceding.deallocate()
        openRows.deallocate()
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
        return earliestUnchecked(command, unit: unit)
    }

    /// `earliest` for a unit index the caller got from the geometry.
    @inline(__always)
    func earliestUnchecked(_ command: DRAMCommand, unit: Int) -> Int64 {
        let k = Int(command.rawValue)
        let levels = DRAMTimingState.levels
        var e: Int64
        if unit < banks && k < bankCommands {
            let q = bankQuerySlot + (unit &* bankCommands &+ k) &* levels
            e = max(max(next[Int(q[0])], next[Int(q[1])]), max(next[Int(q[2])], next[Int(q[3])]))
        } else {
            let cls = commandClass + k &* levels
            e = DRAMTimingState.distantPast
            let base = unit &* levels
            for level in 0..<levels {
                let slot = Int(cls[level])
                for i in Int(unitNodeStart[base + level])..<Int(unitNodeStart[base + level + 1]) {
                    e = max(e, next[Int(unitNodeBase[i]) &+ slot])
                }
            }
        }
        if windowFollowing[k] { e = max(e, windowEarliest(command, unit: unit)) }
        return e
    }

    /// The earliest cycle the window rules allow `command` to `unit`: for each rule following
    /// with it, the oldest of the last `window` preceding issues at each node of the rule's level
    /// in the footprint, plus the latency.
    func windowEarliest(_ command: DRAMCommand, unit: Int) -> Int64 {
        var e = DRAMTimingState.distantPast
        for w in 0..<windowCount where windowRuleFollowing[w] == command {
            let allowed = windowAllowed + headStart[w]
            switch windowLevel[w] {
            case .pseudoChannel: e = max(e, allowed[0])
            case .rank: e = max(e, allowed[Int(unitRank[unit])])
            case .bankGroup:
                for j in Int(footprintGroupStart[unit])..<Int(footprintGroupStart[unit + 1]) { e = max(e, allowed[Int(footprintGroups[j])]) }
            case .bank:
                for j in Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1]) { e = max(e, allowed[Int(footprintBanks[j])]) }
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
        precondition(unit >= 0 && unit < geometry.units, "DRAM: unit \(unit) out of range")
        precondition(time >= earliestUnchecked(command, unit: unit),
                     "DRAM: \(command) to unit \(unit) at cycle \(time) violates timing (earliest \(earliestUnchecked(command, unit: unit)))")
        precondition(stateAllows(command, unit: unit, row: row), "DRAM: \(command) to unit \(unit) row \(row) is illegal in the bank state")
        record(command, unit: unit, row: row, at: time)
    }

    /// `issue` for a caller that has just found `command` legal at `time` (the controller): the
    /// re-check runs in debug builds only.
    @inline(__always)
    func record(_ command: DRAMCommand, unit: Int, row: Int32, at time: Int64) {
        assert(time >= earliestUnchecked(command, unit: unit) && stateAllows(command, unit: unit, row: row),
               "DRAM: \(command) to unit \(unit) row \(row) at cycle \(time) is illegal")
        let levels = DRAMTimingState.levels
        let p = Int(command.rawValue)
        if unit < banks && p < bankCommands {
            // One node per level: one flat list, branch-free raises.
            let slots = bankRaiseSlot + unit &* bankTargets
            for r in Int(targetStart[p &* levels])..<Int(targetStart[(p &+ 1) &* levels]) {
                let i = Int(slots[r]), value = time &+ targetLatency[r]
                next[i] = max(next[i], value)
            }
        } else {
            let targets = p &* levels, nodes = unit &* levels
            for level in 0..<levels {
                let first = Int(targetStart[targets + level]), end = Int(targetStart[targets + level + 1])
                if first == end { continue }
                for n in Int(unitNodeStart[nodes + level])..<Int(unitNodeStart[nodes + level + 1]) {
                    let base = Int(unitNodeBase[n])
                    for r in first..<end {
                        let i = base &+ Int(targetClass[r]), value = time &+ targetLatency[r]
                        next[i] = max(next[i], value)
                    }
                }
            }
        }
        if windowPreceding[p] { pushWindows(command, unit: unit, at: time) }
        if command.opensRow {
            if unit < banks { openRows[unit] = row } else {
                for j in Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1]) { openRows[Int(footprintBanks[j])] = row }
            }
        } else if command.closesRow {
            let target = command == .prea ? geometry.rankUnit(rank: Int(unitRank[unit])) : unit
            if target < banks { openRows[target] = -1 } else {
                for j in Int(footprintBankStart[target])..<Int(footprintBankStart[target + 1]) { openRows[Int(footprintBanks[j])] = -1 }
            }
        }
    }

    /// The relation of bank units `x` and `y` for `bankPairDelay`: 0 the same bank, 1 the same
    /// bank group, 2 the same rank, 3 different ranks.
    @inline(__always)
    func bankRelation(_ x: Int, _ y: Int) -> Int {
        Int(bankRelationTable[x &* banks &+ y])
    }

    /// Raises the slots of bank command `command` (bank scope, no window rule, no bank-state
    /// change: a column command) issued to bank unit `unit` at `time`, without a legality check:
    /// for a command issued earlier whose raises were deferred (the raises are maxima, so their
    /// order does not matter).
    @inline(__always)
    func raiseBankColumn(_ command: DRAMCommand, unit: Int, at time: Int64) {
        let levels = DRAMTimingState.levels
        let p = Int(command.rawValue)
        let slots = bankRaiseSlot + unit &* bankTargets
        for r in Int(targetStart[p &* levels])..<Int(targetStart[(p &+ 1) &* levels]) {
            let i = Int(slots[r]), value = time &+ targetLatency[r]
            next[i] = max(next[i], value)
        }
    }

    /// Appends `time` to the history of every window rule whose preceding command is `command`,
    /// at each node of the rule's level in the unit's footprint.
    func pushWindows(_ command: DRAMCommand, unit: Int, at time: Int64) {
        for w in 0..<windowCount where windowRulePreceding[w] == command {
            let window = windowSize[w]
            switch windowLevel[w] {
            case .pseudoChannel: pushWindow(w, node: 0, window: window, time)
            case .rank: pushWindow(w, node: Int(unitRank[unit]), window: window, time)
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

    @inline(__always)
    func pushWindow(_ w: Int, node: Int, window: Int, _ time: Int64) {
        let hi = headStart[w] + node
        let h = windowHead[hi]
        let ring = windowHistory + historyStart[w] + node * window
        ring[h] = time
        let head = h + 1 == window ? 0 : h + 1
        windowHead[hi] = head
        // The oldest of the last `window` issues now sits at the new head.
        windowAllowed[hi] = ring[head] &+ windowLatency[w]
    }
}
