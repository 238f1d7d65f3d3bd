/// The memory controller of one pseudo-channel: read and write queues, FR-FCFS scheduling,
/// open- or closed-page policy, write-drain watermarks and staggered all-bank refresh, driving a
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
public struct DRAMPseudoChannelController: Sendable {
    public let pseudoChannel: Int
    public let organization: DRAMOrganization
    public let timing: DRAMTimingParameters
    public let config: DRAMControllerConfig
    public private(set) var state: DRAMTimingState
    public private(set) var statistics = DRAMChannelStatistics()
    public private(set) var trace: [DRAMTraceEntry] = []
    /// The controller's clock (command-clock cycles).
    public private(set) var now: Int64 = 0

    // Request pool (struct of arrays) and per-unit FIFOs linked through `poolNext`.
    var poolRow: [Int32] = [], poolColumn: [Int32] = [], poolUnit: [Int32] = []
    var poolAdmit: [Int64] = [], poolSeq: [Int64] = [], poolNext: [Int32] = []
    var poolWrite: [Bool] = [], poolPath: [UInt8] = [], poolActivated: [Bool] = []
    var freeSlots: [Int32] = []
    var head: [Int32], tail: [Int32]  // [unit * 2 + (write ? 1 : 0)]
    var active: [Int32] = []
    var isActive: [Bool]
    var readCount = 0, writeCount = 0
    var writeMode = false
    var nextSequence: Int64 = 0
    var refreshDue: [Int64]
    let bytesPerBank: Int64

    public init(pseudoChannel: Int, organization: DRAMOrganization, timing: DRAMTimingParameters,
                table: DRAMTimingTable, config: DRAMControllerConfig) {
        self.pseudoChannel = pseudoChannel
        self.organization = organization
        self.timing = timing
        self.config = config
        let geometry = DRAMGeometry(organization)
        state = DRAMTimingState(geometry: geometry, table: table)
        head = Array(repeating: -1, count: geometry.units * 2)
        tail = head
        isActive = Array(repeating: false, count: geometry.units)
        // Every rank is due at nREFI, 2 nREFI, ... (all ranks together, as Ramulator2's all-bank
        // refresh manager does; staggering would idle the channel twice per interval whenever the
        // queue holds only requests of the refreshing rank).
        refreshDue = Array(repeating: timing.nREFI, count: organization.ranks)
        bytesPerBank = organization.accessBytes.bytes
    }

    /// Serves `requests` (all addressed to this pseudo-channel, in arrival order) to completion.
    /// A request enters its queue at its arrival cycle or, if the queue is full, when an entry
    /// frees (in order: a waiting request blocks the ones behind it).
    public mutating func run(_ requests: [DRAMRequest]) {
        let geometry = state.geometry
        var input = 0
        while true {
            // Admit arrivals.
            while input < requests.count, requests[input].arrivalCycle <= now {
                let r = requests[input]
                precondition(r.location.pseudoChannel == pseudoChannel, "DRAM: request for pc\(r.location.pseudoChannel) sent to pc\(pseudoChannel)")
                if r.isWrite ? writeCount >= config.writeQueueCapacity : readCount >= config.readQueueCapacity { break }
                enqueue(r, geometry)
                input += 1
            }
            updateMode()
            if issueBest(geometry) { continue }
            // Nothing legal now: jump to the next cycle at which something can change.
            var t = nextCandidateCycle
            if input < requests.count {
                let r = requests[input]
                let full = r.isWrite ? writeCount >= config.writeQueueCapacity : readCount >= config.readQueueCapacity
                if !full { t = min(t, max(r.arrivalCycle, now + 1)) }
            }
            if readCount + writeCount == 0 && input >= requests.count && !hasOpenWorkForClosedPage { break }
            if config.refresh { for d in refreshDue where d > now { t = min(t, d) } }
            precondition(t != Int64.max && t > now, "DRAM pc\(pseudoChannel): controller stalled at cycle \(now) with queued requests")
            now = t
        }
    }

    /// Closed-page units that still hold an open row with no request (they will precharge).
    var hasOpenWorkForClosedPage: Bool { config.pagePolicy == .closed && !active.isEmpty }

    mutating func enqueue(_ r: DRAMRequest, _ g: DRAMGeometry) {
        let loc = r.location
        precondition(loc.rank >= 0 && loc.rank < g.ranks && loc.row >= 0 && loc.row < organization.rows
                     && loc.column >= 0 && loc.column < organization.columns, "DRAM: request location \(loc) out of range")
        let unit = g.unit(for: r.scope, rank: loc.rank, bankGroup: loc.bankGroup, bank: loc.bank)
        let slot: Int32
        if let s = freeSlots.popLast() {
            slot = s
            let i = Int(s)
            poolRow[i] = Int32(loc.row); poolColumn[i] = Int32(loc.column); poolUnit[i] = Int32(unit)
            poolAdmit[i] = now; poolSeq[i] = nextSequence; poolNext[i] = -1
            poolWrite[i] = r.isWrite; poolPath[i] = UInt8(r.path.rawValue); poolActivated[i] = false
        } else {
            slot = Int32(poolRow.count)
            poolRow.append(Int32(loc.row)); poolColumn.append(Int32(loc.column)); poolUnit.append(Int32(unit))
            poolAdmit.append(now); poolSeq.append(nextSequence); poolNext.append(-1)
            poolWrite.append(r.isWrite); poolPath.append(UInt8(r.path.rawValue)); poolActivated.append(false)
        }
        nextSequence += 1
        let q = unit * 2 + (r.isWrite ? 1 : 0)
        if tail[q] >= 0 { poolNext[Int(tail[q])] = slot } else { head[q] = slot }
        tail[q] = slot
        if r.isWrite { writeCount += 1 } else { readCount += 1 }
        if !isActive[unit] { isActive[unit] = true; active.append(Int32(unit)) }
    }

    mutating func updateMode() {
        if writeMode {
            if writeCount == 0 || (readCount > 0 && writeCount <= config.writeLowWatermark) { writeMode = false }
        } else {
            if writeCount >= config.writeHighWatermark || (readCount == 0 && writeCount > 0) { writeMode = true }
        }
    }

    /// The earliest cycle of any candidate seen by the last `issueBest` that found nothing legal.
    var nextCandidateCycle: Int64 = .max

    /// The open row shared by every bank of `unit`: >= 0 open, -1 all closed, -2 mixed.
    @inline(__always)
    mutating func unitRow(_ unit: Int, _ g: DRAMGeometry) -> Int32 {
        if unit < g.banks { return state.openRowInPlace(unit) }
        let start = Int(g.footprintBankStart[unit]), end = Int(g.footprintBankStart[unit + 1])
        let first = state.openRowInPlace(Int(g.footprintBanks[start]))
        for j in start + 1..<end where state.openRowInPlace(Int(g.footprintBanks[j])) != first { return -2 }
        return first
    }

    /// Issues the best command legal at `now`; returns false (and sets `nextCandidateCycle`)
    /// when none is.
    mutating func issueBest(_ g: DRAMGeometry) -> Bool {
        var minimum = Int64.max
        var refreshBlocked = 0  // bit r: rank r waits for refresh
        if config.refresh {
            for r in 0..<g.ranks where now >= refreshDue[r] {
                refreshBlocked |= 1 << r
                let unit = g.rankUnit(rank: r)
                let anyOpen = g.banks(ofUnit: unit).contains { state.openRow[Int($0)] >= 0 }
                let command: DRAMCommand = anyOpen ? .prea : .ref
                let e = state.earliestInPlace(command, unit: unit)
                if e <= now {
                    issue(command, unit: unit, row: -1, request: -1, g)
                    if command == .ref {
                        refreshDue[r] += timing.nREFI
                        statistics.refreshCycles += timing.nRFC
                    }
                    return true
                }
                minimum = min(minimum, e)
            }
        }
        var bestUnit = -1, bestCommand = DRAMCommand.act, bestRequest: Int32 = -1, bestPrevious: Int32 = -1
        var bestHit = false, bestSequence = Int64.max, bestRow: Int32 = -1
        var i = 0
        while i < active.count {
            let unit = Int(active[i])
            i += 1
            if refreshBlocked & (1 << g.rank(ofUnit: unit)) != 0 { continue }
            let q = unit * 2 + (writeMode ? 1 : 0)
            let open = unitRow(unit, g)
            let scope = g.scope(ofUnit: unit)
            var command: DRAMCommand
            var request: Int32 = -1, previous: Int32 = -1, hit = false, row: Int32 = -1
            let first = head[q]
            if open >= 0 {
                // Oldest request of this mode that hits the open row.
                var p: Int32 = -1, s = first
                while s >= 0, poolRow[Int(s)] != open { p = s; s = poolNext[Int(s)] }
                if s >= 0 {
                    request = s; previous = p; hit = true; row = open
                    command = scope == .bank ? (writeMode ? .wr : .rd) : scope == .bundle ? (writeMode ? .bundleWr : .bundleRd)
                                                                                             : (writeMode ? .allBankWr : .allBankRd)
                } else if first >= 0 || (config.pagePolicy == .closed && !hasHit(unit: unit, row: open)) {
                    command = scope.precharge; request = first
                } else { continue }
            } else if first < 0 {
                if open == -2 && config.pagePolicy == .closed { command = scope.precharge } else { continue }
            } else if open == -1 {
                command = scope.activate; request = first; row = poolRow[Int(first)]
            } else {
                command = scope.precharge; request = first
            }
            let e = state.earliestInPlace(command, unit: unit)
            if e > now { minimum = min(minimum, e); continue }
            let sequence = request >= 0 ? poolSeq[Int(request)] : Int64.max
            if (hit && !bestHit) || (hit == bestHit && sequence < bestSequence) || bestUnit < 0 {
                bestUnit = unit; bestCommand = command; bestRequest = request; bestPrevious = previous
                bestHit = hit; bestSequence = sequence; bestRow = row
            }
        }
        guard bestUnit >= 0 else {
            nextCandidateCycle = minimum
            removeIdleUnits(g)
            return false
        }
        if bestCommand.isColumn {
            issueColumn(bestCommand, unit: bestUnit, request: bestRequest, previous: bestPrevious, g)
        } else {
            if bestCommand.opensRow, bestRequest >= 0 { poolActivated[Int(bestRequest)] = true }
            issue(bestCommand, unit: bestUnit, row: bestRow, request: bestRequest, g)
        }
        return true
    }

    /// Whether any queued request of `unit` (either queue) hits `row`.
    func hasHit(unit: Int, row: Int32) -> Bool {
        for q in [unit * 2, unit * 2 + 1] {
            var s = head[q]
            while s >= 0 { if poolRow[Int(s)] == row { return true }; s = poolNext[Int(s)] }
        }
        return false
    }

    /// Drops units with no queued request (and, for closed-page, no open row) from the active list.
    mutating func removeIdleUnits(_ g: DRAMGeometry) {
        var kept = 0
        for i in active.indices {
            let unit = Int(active[i])
            let empty = head[unit * 2] < 0 && head[unit * 2 + 1] < 0
            let needsClose = config.pagePolicy == .closed && unitRow(unit, g) != -1
            if empty && !needsClose { isActive[unit] = false } else { active[kept] = active[i]; kept += 1 }
        }
        active.removeLast(active.count - kept)
    }

    mutating func issueColumn(_ command: DRAMCommand, unit: Int, request s: Int32, previous p: Int32, _ g: DRAMGeometry) {
        let i = Int(s)
        issue(command, unit: unit, row: poolRow[i], request: s, g)
        // Unlink from its FIFO.
        let q = unit * 2 + (poolWrite[i] ? 1 : 0)
        let n = poolNext[i]
        if p >= 0 { poolNext[Int(p)] = n } else { head[q] = n }
        if tail[q] == s { tail[q] = p }
        let write = poolWrite[i]
        if write { writeCount -= 1; statistics.writeRequests += 1 } else { readCount -= 1; statistics.readRequests += 1 }
        let completion = now + (write ? timing.nCWL : timing.nCL) + timing.nBL
        statistics.recordLatency(completion - poolAdmit[i])
        statistics.lastCompletionCycle = max(statistics.lastCompletionCycle, completion)
        statistics.bytesByPath[Int(poolPath[i])] += bytesPerBank * Int64(g.footprintBankStart[unit + 1] - g.footprintBankStart[unit])
        if !poolActivated[i] { statistics.rowHits += 1 }
        freeSlots.append(s)
        if head[unit * 2] < 0 && head[unit * 2 + 1] < 0 && config.pagePolicy == .open {
            isActive[unit] = false
            if let k = active.firstIndex(of: Int32(unit)) { active.remove(at: k) }
        }
    }

    mutating func issue(_ command: DRAMCommand, unit: Int, row: Int32, request: Int32, _ g: DRAMGeometry) {
        state.issue(command, unit: unit, row: row, at: now)
        statistics.commandCounts[Int(command.rawValue)] += 1
        if command.opensRow { statistics.bankActivations += Int64(g.footprintBankStart[unit + 1] - g.footprintBankStart[unit]) }
        if config.recordTrace {
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
            trace.append(DRAMTraceEntry(cycle: now, command: command, pseudoChannel: pseudoChannel, rank: rank,
                                        bankGroup: bankGroup, bank: bank, row: command.opensRow || command.isColumn ? Int(row) : -1,
                                        column: column))
        }
    }
}
