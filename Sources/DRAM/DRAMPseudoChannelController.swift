/// The memory controller of one pseudo-channel: read and write queues (one pair per requester,
/// xPU and memory-side processor, with `DRAMControllerConfig.separateRequesterQueues`), FR-FCFS scheduling,
/// open- or closed-page policy, write-drain watermarks and all-bank refresh, driving a
/// `DRAMTimingState`.
///
/// Event-driven: `run` never ticks idle cycles. At the current cycle it evaluates one candidate
/// command per active unit (a bank, bundle or rank with queued requests): the column command of
/// the oldest request that hits the open row, else a precharge (conflict) or an activation
/// (closed) for the oldest request. Among candidates legal now it issues the best (refresh first,
/// then row hits, then oldest); when none is legal it jumps to the smallest earliest-legal cycle,
/// the next arrival or the next refresh deadline. Ties break on request age, so one input always
/// gives one command trace.
///
/// Requests to one bank are served in FR-FCFS order; there is no read-after-write forwarding
/// (the model moves no data). Cost per issued command: O(active units + queue scan of one unit).
///
/// A final class whose fixed-size state (request pool, FIFOs, active list) lives behind pointers
/// it owns, and whose scalars live in one pointer-held struct, so the hot loop pays no
/// copy-on-write or exclusivity checks (see EventQueue). One controller serves one run.
public final class DRAMPseudoChannelController: @unchecked Sendable {
    public let pseudoChannel: Int
    public let organization: DRAMOrganization
    public let timing: DRAMTimingParameters
    public let config: DRAMControllerConfig
    public let state: DRAMTimingState
    let geometry: DRAMGeometry

    /// Mutable scalars and growing collections.
    struct Scalars {
        var now: Int64 = 0
        var readCount = 0, writeCount = 0
        var writeMode = false
        var nextSequence: Int64 = 0
        var nextCandidateCycle: Int64 = .max
        var activeCount = 0
        var freeCount = 0
        var statistics = DRAMChannelStatistics()
        var trace: [DRAMTraceEntry] = []
    }
    let s: UnsafeMutablePointer<Scalars>

    // Request pool (struct of arrays, capacity = read + write queue) and per-unit FIFOs linked
    // through `poolNext`; head/tail per (unit, read|write).
    let capacity: Int
    let poolRow: UnsafeMutablePointer<Int32>, poolColumn: UnsafeMutablePointer<Int32>
    let poolAdmit: UnsafeMutablePointer<Int64>, poolSeq: UnsafeMutablePointer<Int64>, poolNext: UnsafeMutablePointer<Int32>
    let poolWrite: UnsafeMutablePointer<Bool>, poolPath: UnsafeMutablePointer<UInt8>, poolActivated: UnsafeMutablePointer<Bool>
    let freeSlots: UnsafeMutablePointer<Int32>
    let head: UnsafeMutablePointer<Int32>, tail: UnsafeMutablePointer<Int32>
    let active: UnsafeMutablePointer<Int32>, isActive: UnsafeMutablePointer<Bool>
    let refreshDue: UnsafeMutablePointer<Int64>
    /// Queued requests per (requester, read|write): index requester x 2 + (write ? 1 : 0).
    let queued: UnsafeMutablePointer<Int>
    /// `config.separateRequesterQueues`, read in the admission loop.
    let separateQueues: Bool
    let unitBanks: UnsafeMutablePointer<Int64>  // banks in each unit's footprint
    /// Per unit, a lower bound on the earliest cycle of its current candidate command (or
    /// Int64.max when it has none, Int64.min when unknown). Timing rules only ever raise earliest
    /// cycles, so the bound stays valid until the candidate itself can change: on the unit's
    /// enqueue or dequeue, on any row command in its rank (bank state), and on a read/write mode
    /// switch, where it is reset. A scan skips units whose bound is in the future, which gives
    /// exactly the decisions of a full scan at a fraction of the cost.
    let cachedEarliest: UnsafeMutablePointer<Int64>
    let bytesPerBank: Int64

    public init(pseudoChannel: Int, organization: DRAMOrganization, timing: DRAMTimingParameters,
                table: DRAMTimingTable, config: DRAMControllerConfig) {
        self.pseudoChannel = pseudoChannel
        self.organization = organization
        self.timing = timing
        self.config = config
        let g = DRAMGeometry(organization)
        geometry = g
        state = DRAMTimingState(geometry: g, table: table)
        s = allocateCopy([Scalars()])
        capacity = (config.readQueueCapacity + config.writeQueueCapacity) * (config.separateRequesterQueues ? 2 : 1)
        poolRow = allocateCopy(Array(repeating: 0, count: capacity))
        poolColumn = allocateCopy(Array(repeating: 0, count: capacity))
        poolAdmit = allocateCopy(Array(repeating: 0, count: capacity))
        poolSeq = allocateCopy(Array(repeating: 0, count: capacity))
        poolNext = allocateCopy(Array(repeating: -1, count: capacity))
        poolWrite = allocateCopy(Array(repeating: false, count: capacity))
        poolPath = allocateCopy(Array(repeating: 0, count: capacity))
        poolActivated = allocateCopy(Array(repeating: false, count: capacity))
        freeSlots = allocateCopy((0..<capacity).reversed().map { Int32($0) })
        s.pointee.freeCount = capacity
        head = allocateCopy(Array(repeating: -1, count: g.units * 2))
        tail = allocateCopy(Array(repeating: -1, count: g.units * 2))
        active = allocateCopy(Array(repeating: -1, count: g.units))
        isActive = allocateCopy(Array(repeating: false, count: g.units))
        // Every rank is due at nREFI, 2 nREFI, ... (all ranks together, as Ramulator2's all-bank
        // refresh manager does; staggering would idle the channel twice per interval whenever the
        // queue holds only requests of the refreshing rank).
        refreshDue = allocateCopy(Array(repeating: timing.nREFI, count: organization.ranks))
        queued = allocateCopy(Array(repeating: 0, count: 4))
        separateQueues = config.separateRequesterQueues
        unitBanks = allocateCopy((0..<g.units).map { Int64(g.banks(ofUnit: $0).count) })
        cachedEarliest = allocateCopy(Array(repeating: Int64.min, count: g.units))
        bytesPerBank = organization.accessBytes.bytes
    }

    deinit {
        s.deinitialize(count: 1)
        for p in [UnsafeMutableRawPointer(s), UnsafeMutableRawPointer(poolRow), UnsafeMutableRawPointer(poolColumn),
                  UnsafeMutableRawPointer(poolAdmit), UnsafeMutableRawPointer(poolSeq), UnsafeMutableRawPointer(poolNext),
                  UnsafeMutableRawPointer(poolWrite), UnsafeMutableRawPointer(poolPath), UnsafeMutableRawPointer(poolActivated),
                  UnsafeMutableRawPointer(freeSlots), UnsafeMutableRawPointer(head), UnsafeMutableRawPointer(tail),
                  UnsafeMutableRawPointer(active), UnsafeMutableRawPointer(isActive), UnsafeMutableRawPointer(refreshDue),
                  UnsafeMutableRawPointer(unitBanks)] {
            p.deallocate()
        }
        cachedEarliest.deallocate()
        queued.deallocate()
    }

    /// What the controller did so far.
    public var statistics: DRAMChannelStatistics { s.pointee.statistics }
    /// Every issued command (empty unless `config.recordTrace`).
    public var trace: [DRAMTraceEntry] { s.pointee.trace }
    /// The controller's clock (command-clock cycles).
    public var now: Int64 { s.pointee.now }

    /// Serves `requests` (all addressed to this pseudo-channel, in arrival order) to completion.
    /// A request enters its queue at its arrival cycle or, if the queue is full, when an entry
    /// frees (in order per requester: a waiting request blocks the ones behind it of the same
    /// requester; see `DRAMControllerConfig.separateRequesterQueues`).
    public func run(_ requests: [DRAMRequest]) {
        for r in requests {
            precondition(r.location.pseudoChannel == pseudoChannel,
                         "DRAM: request for pc\(r.location.pseudoChannel) sent to pc\(pseudoChannel)")
        }
        let packed = requests.map(DRAMPackedRequest.init)
        packed.withUnsafeBufferPointer { run(packed: $0) }
    }

    /// Serves `input` (this pseudo-channel's requests, packed, in arrival order) to completion.
    /// Each requester (`requester(pathRaw:)`) admits its own requests in order into its own queues; a
    /// request waiting for space blocks only its requester's later requests. When both may
    /// admit, the earlier input position goes first (it gets the lower age).
    func run(packed input: UnsafeBufferPointer<DRAMPackedRequest>) {
        let n = input.count
        // next[k]: input position of requester k's next request (n when none is left).
        var next = (first(of: 0, in: input, from: 0), first(of: 1, in: input, from: 0))
        while true {
            // Admit arrivals.
            while true {
                let a = admissible(next.0, requester: 0, input), b = admissible(next.1, requester: 1, input)
                guard a || b else { break }
                if a && (!b || next.0 < next.1) {
                    enqueue(input[next.0], requester: 0); next.0 = first(of: 0, in: input, from: next.0 + 1)
                } else {
                    enqueue(input[next.1], requester: 1); next.1 = first(of: 1, in: input, from: next.1 + 1)
                }
            }
            updateMode()
            if issueBest() { continue }
            // Nothing legal now: jump to the next cycle at which something can change.
            let now = s.pointee.now
            var t = s.pointee.nextCandidateCycle
            if next.0 < n && !isFull(input[next.0], requester: 0) { t = min(t, max(input[next.0].arrivalCycle, now + 1)) }
            if next.1 < n && !isFull(input[next.1], requester: 1) { t = min(t, max(input[next.1].arrivalCycle, now + 1)) }
            if s.pointee.readCount + s.pointee.writeCount == 0 && next.0 >= n && next.1 >= n && !hasOpenWorkForClosedPage { break }
            if config.refresh { for r in 0..<geometry.ranks where refreshDue[r] > now { t = min(t, refreshDue[r]) } }
            precondition(t != Int64.max && t > now, "DRAM pc\(pseudoChannel): controller stalled at cycle \(now) with queued requests")
            s.pointee.now = t
        }
    }

    /// The requester whose queues a request uses: 0 the xPU, 1 the memory-side processor (always
    /// 0 without `config.separateRequesterQueues`).
    @inline(__always)
    func requester(pathRaw: Int) -> Int { separateQueues && pathRaw != DRAMAccessPath.xpu.rawValue ? 1 : 0 }

    /// The first input position at or after `start` of a request of `requester` (`input.count` if none).
    @inline(__always)
    func first(of requester: Int, in input: UnsafeBufferPointer<DRAMPackedRequest>, from start: Int) -> Int {
        if !separateQueues { return requester == 0 ? start : input.count }
        var i = start
        while i < input.count && self.requester(pathRaw: input[i].pathRaw) != requester { i += 1 }
        return i
    }

    /// Whether the queue of `r` (its requester's reads or writes) is full.
    @inline(__always)
    func isFull(_ r: DRAMPackedRequest, requester: Int) -> Bool {
        r.isWrite ? queued[requester * 2 + 1] >= config.writeQueueCapacity : queued[requester * 2] >= config.readQueueCapacity
    }

    /// Whether the request at `position` (of `requester`) has arrived and has queue space.
    @inline(__always)
    func admissible(_ position: Int, requester: Int, _ input: UnsafeBufferPointer<DRAMPackedRequest>) -> Bool {
        position < input.count && input[position].arrivalCycle <= s.pointee.now && !isFull(input[position], requester: requester)
    }

    /// Closed-page units that still hold an open row with no request (they will precharge).
    var hasOpenWorkForClosedPage: Bool { config.pagePolicy == .closed && s.pointee.activeCount > 0 }

    func enqueue(_ r: DRAMPackedRequest, requester: Int) {
        let g = geometry
        precondition(Int(r.rank) < g.ranks && Int(r.bankGroup) < g.bankGroups && Int(r.bank) < g.banksPerBankGroup
                     && Int(r.row) < organization.rows && Int(r.column) < organization.columns,
                     "DRAM: request to rank \(r.rank) bank group \(r.bankGroup) bank \(r.bank) row \(r.row) column \(r.column) is out of range")
        let unit = g.unit(for: r.scope, rank: Int(r.rank), bankGroup: Int(r.bankGroup), bank: Int(r.bank))
        precondition(s.pointee.freeCount > 0, "DRAM: request pool exhausted")
        s.pointee.freeCount -= 1
        let slot = freeSlots[s.pointee.freeCount]
        let i = Int(slot)
        poolRow[i] = r.row; poolColumn[i] = Int32(r.column)
        poolAdmit[i] = s.pointee.now; poolSeq[i] = s.pointee.nextSequence; poolNext[i] = -1
        poolWrite[i] = r.isWrite; poolPath[i] = UInt8(r.pathRaw); poolActivated[i] = false
        s.pointee.nextSequence += 1
        let q = unit * 2 + (r.isWrite ? 1 : 0)
        if tail[q] >= 0 { poolNext[Int(tail[q])] = slot } else { head[q] = slot }
        tail[q] = slot
        if r.isWrite { s.pointee.writeCount += 1 } else { s.pointee.readCount += 1 }
        queued[requester * 2 + (r.isWrite ? 1 : 0)] += 1
        cachedEarliest[unit] = .min
        if !isActive[unit] {
            isActive[unit] = true
            active[s.pointee.activeCount] = Int32(unit)
            s.pointee.activeCount += 1
        }
    }

    func updateMode() {
        let reads = s.pointee.readCount, writes = s.pointee.writeCount
        let before = s.pointee.writeMode
        if before {
            if writes == 0 || (reads > 0 && writes <= config.writeLowWatermark) { s.pointee.writeMode = false }
        } else {
            if writes >= config.writeHighWatermark || (reads == 0 && writes > 0) { s.pointee.writeMode = true }
        }
        if s.pointee.writeMode != before {
            for i in 0..<s.pointee.activeCount { cachedEarliest[Int(active[i])] = .min }
        }
    }

    /// The open row shared by every bank of `unit`: >= 0 open, -1 all closed, -2 mixed.
    @inline(__always)
    func unitRow(_ unit: Int) -> Int32 {
        if unit < state.banks { return state.openRows[unit] }
        let start = Int(state.footprintBankStart[unit]), end = Int(state.footprintBankStart[unit + 1])
        let first = state.openRows[Int(state.footprintBanks[start])]
        for j in start + 1..<end where state.openRows[Int(state.footprintBanks[j])] != first { return -2 }
        return first
    }

    /// Issues the best command legal at `now`; returns false (and sets `nextCandidateCycle`)
    /// when none is.
    func issueBest() -> Bool {
        let g = geometry
        let now = s.pointee.now
        var minimum = Int64.max
        var refreshBlocked = 0  // bit r: rank r waits for refresh
        if config.refresh {
            for r in 0..<g.ranks where now >= refreshDue[r] {
                refreshBlocked |= 1 << r
                let unit = g.rankUnit(rank: r)
                var anyOpen = false
                for j in Int(state.footprintBankStart[unit])..<Int(state.footprintBankStart[unit + 1]) where state.openRows[Int(state.footprintBanks[j])] >= 0 {
                    anyOpen = true
                }
                let command: DRAMCommand = anyOpen ? .prea : .ref
                let e = state.earliest(command, unit: unit)
                if e <= now {
                    issue(command, unit: unit, row: -1, request: -1)
                    if command == .ref {
                        refreshDue[r] += timing.nREFI
                        s.pointee.statistics.refreshCycles += timing.nRFC
                    }
                    return true
                }
                minimum = min(minimum, e)
            }
        }
        let writeMode = s.pointee.writeMode
        let closedPage = config.pagePolicy == .closed
        var bestUnit = -1, bestCommand = DRAMCommand.act, bestRequest: Int32 = -1, bestPrevious: Int32 = -1
        var bestHit = false, bestSequence = Int64.max, bestRow: Int32 = -1
        for i in 0..<s.pointee.activeCount {
            let unit = Int(active[i])
            if refreshBlocked != 0 && refreshBlocked & (1 << Int(state.unitRank[unit])) != 0 { continue }
            let bound = cachedEarliest[unit]
            if bound > now { if bound < minimum { minimum = bound }; continue }
            let q = unit * 2 + (writeMode ? 1 : 0)
            let open = unitRow(unit)
            let scope = g.scope(ofUnit: unit)
            var command: DRAMCommand
            var request: Int32 = -1, previous: Int32 = -1, hit = false, row: Int32 = -1
            let first = head[q]
            if open >= 0 {
                // Oldest request of this mode that hits the open row.
                var p: Int32 = -1, slot = first
                while slot >= 0, poolRow[Int(slot)] != open { p = slot; slot = poolNext[Int(slot)] }
                if slot >= 0 {
                    request = slot; previous = p; hit = true; row = open
                    command = scope == .bank ? (writeMode ? .wr : .rd) : scope == .bundle ? (writeMode ? .bundleWr : .bundleRd)
                                                                                             : (writeMode ? .allBankWr : .allBankRd)
                } else if first >= 0 || (closedPage && !hasHit(unit: unit, row: open)) {
                    command = scope.precharge; request = first
                } else { cachedEarliest[unit] = .max; continue }
            } else if first < 0 {
                if open == -2 && closedPage { command = scope.precharge } else { cachedEarliest[unit] = .max; continue }
            } else if open == -1 {
                command = scope.activate; request = first; row = poolRow[Int(first)]
            } else {
                command = scope.precharge; request = first
            }
            let e = state.earliest(command, unit: unit)
            cachedEarliest[unit] = e
            if e > now { minimum = min(minimum, e); continue }
            let sequence = request >= 0 ? poolSeq[Int(request)] : Int64.max
            if (hit && !bestHit) || (hit == bestHit && sequence < bestSequence) || bestUnit < 0 {
                bestUnit = unit; bestCommand = command; bestRequest = request; bestPrevious = previous
                bestHit = hit; bestSequence = sequence; bestRow = row
            }
        }
        guard bestUnit >= 0 else {
            s.pointee.nextCandidateCycle = minimum
            removeIdleUnits()
            return false
        }
        if bestCommand.isColumn {
            issueColumn(bestCommand, unit: bestUnit, request: bestRequest, previous: bestPrevious)
        } else {
            if bestCommand.opensRow, bestRequest >= 0 { poolActivated[Int(bestRequest)] = true }
            issue(bestCommand, unit: bestUnit, row: bestRow, request: bestRequest)
        }
        return true
    }

    /// Whether any queued request of `unit` (either queue) hits `row`.
    func hasHit(unit: Int, row: Int32) -> Bool {
        for q in unit * 2...unit * 2 + 1 {
            var slot = head[q]
            while slot >= 0 { if poolRow[Int(slot)] == row { return true }; slot = poolNext[Int(slot)] }
        }
        return false
    }

    /// Drops units with no queued request (and, for closed-page, no open row) from the active list.
    func removeIdleUnits() {
        var kept = 0
        let closedPage = config.pagePolicy == .closed
        for i in 0..<s.pointee.activeCount {
            let unit = Int(active[i])
            let empty = head[unit * 2] < 0 && head[unit * 2 + 1] < 0
            let needsClose = closedPage && unitRow(unit) != -1
            if empty && !needsClose { isActive[unit] = false } else { active[kept] = active[i]; kept += 1 }
        }
        s.pointee.activeCount = kept
    }

    func issueColumn(_ command: DRAMCommand, unit: Int, request slot: Int32, previous p: Int32) {
        let i = Int(slot)
        issue(command, unit: unit, row: poolRow[i], request: slot)
        // Unlink from its FIFO.
        let write = poolWrite[i]
        let q = unit * 2 + (write ? 1 : 0)
        let n = poolNext[i]
        if p >= 0 { poolNext[Int(p)] = n } else { head[q] = n }
        if tail[q] == slot { tail[q] = p }
        cachedEarliest[unit] = .min
        let now = s.pointee.now
        let completion = now + (write ? timing.nCWL : timing.nCL) + timing.nBL
        queued[requester(pathRaw: Int(poolPath[i])) * 2 + (write ? 1 : 0)] -= 1
        if write { s.pointee.writeCount -= 1; s.pointee.statistics.writeRequests += 1 } else {
            s.pointee.readCount -= 1; s.pointee.statistics.readRequests += 1
        }
        s.pointee.statistics.recordLatency(completion - poolAdmit[i])
        if completion > s.pointee.statistics.lastCompletionCycle { s.pointee.statistics.lastCompletionCycle = completion }
        s.pointee.statistics.bytesByPath[Int(poolPath[i])] += bytesPerBank * unitBanks[unit]
        if !poolActivated[i] { s.pointee.statistics.rowHits += 1 }
        freeSlots[s.pointee.freeCount] = slot
        s.pointee.freeCount += 1
        if head[unit * 2] < 0 && head[unit * 2 + 1] < 0 && config.pagePolicy == .open {
            isActive[unit] = false
            let count = s.pointee.activeCount
            for k in 0..<count where Int(active[k]) == unit {
                for m in k..<count - 1 { active[m] = active[m + 1] }
                s.pointee.activeCount = count - 1
                break
            }
        }
    }

    func issue(_ command: DRAMCommand, unit: Int, row: Int32, request: Int32) {
        let now = s.pointee.now
        state.issue(command, unit: unit, row: row, at: now)
        if command.isRow {
            // Bank state changed: candidates of units sharing a bank with this one may change. A
            // bank command touches its bank, its bundle and its rank unit; wider commands touch
            // every unit of the rank.
            let g = geometry
            let rank = Int(state.unitRank[unit])
            if unit < g.banks && command != .prea && command != .ref {
                cachedEarliest[unit] = .min
                cachedEarliest[g.unit(for: .bundle, rank: rank, bankGroup: 0, bank: unit % g.banksPerBankGroup)] = .min
                cachedEarliest[g.rankUnit(rank: rank)] = .min
            } else {
                for i in 0..<s.pointee.activeCount where Int(state.unitRank[Int(active[i])]) == rank { cachedEarliest[Int(active[i])] = .min }
            }
        }
        s.pointee.statistics.commandCounts[Int(command.rawValue)] += 1
        if command.opensRow { s.pointee.statistics.bankActivations += unitBanks[unit] }
        if config.recordTrace {
            let g = geometry
            let scope = g.scope(ofUnit: unit)
            let rank = g.rank(ofUnit: unit)
            var bankGroup = -1, bank = -1
            switch scope {
            case .bank:
                bankGroup = (unit % g.banksPerRank) / g.banksPerBankGroup
                bank = unit % g.banksPerBankGroup
            case .bundle: bank = (unit - g.banks) % g.bundlesPerRank
            case .rank: break
            }
            let column = command.isColumn && request >= 0 ? Int(poolColumn[Int(request)]) : -1
            s.pointee.trace.append(DRAMTraceEntry(cycle: now, command: command, pseudoChannel: pseudoChannel, rank: rank,
                                                  bankGroup: bankGroup, bank: bank, row: command.opensRow || command.isColumn ? Int(row) : -1,
                                                  column: column))
        }
    }
}
