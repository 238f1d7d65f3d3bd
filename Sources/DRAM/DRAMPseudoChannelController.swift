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
/// gives one command trace. Scheduling: `DRAMPseudoChannelController+Scheduling.swift`; runs of
/// row-hit reads with the same decisions in one tight loop: `DRAMPseudoChannelController+HitRun.swift`.
///
/// Requests to one bank are served in FR-FCFS order; there is no read-after-write forwarding
/// (the model moves no data). Cost per issued command: O(active units + queue scan of one unit).
///
/// A final class whose fixed-size state (request pool, FIFOs, active list, per-unit candidates,
/// counters) lives behind pointers it owns, and whose scalars live in one pointer-held struct, so
/// the hot loop pays no copy-on-write or exclusivity checks (see EventQueue). Successive `run`
/// calls continue from the state the last one left (clock, open rows, timing, counters), as one
/// run whose later requests arrive later would (`DRAMPathMeasurement.backToBackTime` relies on
/// it; tested in DRAMTileStreamTests).
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
        /// The smallest `refreshDue` (command-clock cycle); Int64.max with refresh off, so one
        /// comparison tells whether a refresh may be due.
        var nextRefreshDue: Int64 = .max
        var activeCount = 0
        /// Set by a column issue that was the only legal command of its pass: every active
        /// unit's bound is then known (the issuing unit re-derived at once, the others' bounds
        /// untouched by a column command), and `quickCycle` is their minimum. Unless admission
        /// or a mode switch resets a bound (which clears it), the next pass needs no scan: if
        /// `quickCycle` is later than its cycle, nothing is legal and the clock jumps there,
        /// exactly as the full pass would find. Every pass clears it first.
        var quickValid = false
        var quickCycle: Int64 = 0
        var freeCount = 0
        var counters = DRAMStatisticsCounters()
        var trace: [DRAMTraceEntry] = []
    }
    let s: UnsafeMutablePointer<Scalars>

    // Configuration and organisation scalars read in the hot loop.
    let readCapacity: Int, writeCapacity: Int
    /// `config.writeHighWatermark`, `config.writeLowWatermark`.
    let writeHigh: Int, writeLow: Int
    /// Queued requests per requester lane (`lane(pathRaw:)`) and kind: `laneQueued[lane * 2 +
    /// (write ? 1 : 0)]`; lane 0 holds every request without separate requester queues. The
    /// capacity of each kind: `kindCapacity[write ? 1 : 0]`.
    let laneQueued: UnsafeMutablePointer<Int>, kindCapacity: UnsafeMutablePointer<Int>
    let refreshOn: Bool, closedPage: Bool, recordTrace: Bool
    /// `config.separateRequesterQueues`.
    let separateQueues: Bool
    let ranks: Int, bankGroups: Int, banks: Int, rows: Int, columns: Int
    let banksPerRank: Int, banksPerBankGroup: Int, bundlesPerRank: Int, bundleBanksPerBankGroup: Int
    /// Command-clock cycles from a read's / write's issue to the end of its data burst.
    let readCompletion: Int64, writeCompletion: Int64

    // Request pool (capacity = read + write queue, per requester lane) and per-unit FIFOs linked
    // through `Slot.next`; head/tail per (unit, read|write).
    let capacity: Int
    let pool: UnsafeMutablePointer<Slot>

    /// One queued request, in one 32-byte record.
    struct Slot {
        /// Cycle the request entered its queue, and its sequence number (age order).
        var admit: Int64 = 0, sequence: Int64 = 0
        var row: Int32 = 0, column: Int32 = 0
        /// The next slot of its FIFO, -1 at the tail.
        var next: Int32 = -1
        var write = false
        /// `DRAMAccessPath.rawValue`.
        var path: UInt8 = 0
        /// Whether its own activation opened the row (the column command is then no row hit).
        var activated = false
    }
    let freeSlots: UnsafeMutablePointer<Int32>
    let head: UnsafeMutablePointer<Int32>, tail: UnsafeMutablePointer<Int32>
    let active: UnsafeMutablePointer<Int32>, isActive: UnsafeMutablePointer<Bool>
    let refreshDue: UnsafeMutablePointer<Int64>

    // Per-unit constants.
    let unitBanks: UnsafeMutablePointer<Int64>  // banks in each unit's footprint
    let unitRank: UnsafeMutablePointer<Int32>
    /// The unit's activate and precharge commands, and its column command per mode
    /// (`unitColumn[unit * 2 + (write ? 1 : 0)]`).
    let unitActivate: UnsafeMutablePointer<DRAMCommand>, unitPrecharge: UnsafeMutablePointer<DRAMCommand>
    let unitColumn: UnsafeMutablePointer<DRAMCommand>
    /// For a bank unit, the bundle unit that contains it; the rank unit of every rank.
    let bankBundleUnit: UnsafeMutablePointer<Int32>, rankUnit: UnsafeMutablePointer<Int32>
    /// Trace fields of each unit: bank group (bank scope) and bank or bundle index, -1 where none.
    let unitTraceGroup: UnsafeMutablePointer<Int32>, unitTraceBank: UnsafeMutablePointer<Int32>

    /// Per unit, a lower bound on the earliest cycle of its current candidate command (or
    /// Int64.max when it has none, Int64.min when unknown). Timing rules only ever raise earliest
    /// cycles, so the bound stays valid until the candidate itself can change: on the unit's
    /// enqueue or dequeue, on any row command in its rank (bank state), and on a read/write mode
    /// switch, where it is reset. A scan skips units whose bound is in the future, which gives
    /// exactly the decisions of a full scan at a fraction of the cost.
    let cachedEarliest: UnsafeMutablePointer<Int64>
    /// Scratch: the units a scheduling pass found due (bound at or before now), in active order.
    let dueUnits: UnsafeMutablePointer<Int32>
    /// Each unit's current candidate, valid exactly while `cachedEarliest` is neither Int64.min
    /// nor Int64.max (the candidate depends only on what resets the bound).
    let candidates: UnsafeMutablePointer<Candidate>
    /// Bytes one column command of each unit moves (access size x banks of its footprint).
    let unitBytes: UnsafeMutablePointer<Int64>

    /// Whether runs of row-hit reads may be issued in one loop (`+HitRun`): open page, and reads
    /// push no window rule.
    let hitRuns: Bool
    /// Scratch of a hit run (layout: `HitRunScratch`).
    let hitRunScratch: UnsafeMutablePointer<Int64>

    /// A unit's candidate command, in one 24-byte record.
    struct Candidate {
        /// The request's sequence number (its age), Int64.max without a request.
        var sequence: Int64 = .max
        /// Request slot (-1: none) and the slot before it in its FIFO (-1: it is the head).
        var request: Int32 = -1, previous: Int32 = -1
        /// The row of an activation or column command, -1 otherwise.
        var row: Int32 = -1
        var command: DRAMCommand = .act
        /// Whether it is a column command to the open row.
        var hit = false
    }

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
        readCapacity = config.readQueueCapacity
        writeHigh = config.writeHighWatermark
        writeLow = config.writeLowWatermark
        laneQueued = allocateCopy([0, 0, 0, 0])
        kindCapacity = allocateCopy([config.readQueueCapacity, config.writeQueueCapacity])
        writeCapacity = config.writeQueueCapacity
        separateQueues = config.separateRequesterQueues
        refreshOn = config.refresh
        closedPage = config.pagePolicy == .closed
        recordTrace = config.recordTrace
        ranks = g.ranks
        bankGroups = g.bankGroups
        banks = g.banks
        rows = organization.rows
        columns = organization.columns
        banksPerRank = g.banksPerRank
        banksPerBankGroup = g.banksPerBankGroup
        bundlesPerRank = g.bundlesPerRank
        bundleBanksPerBankGroup = g.banksPerBankGroup / g.bundlesPerRank
        readCompletion = timing.nCL + timing.nBL
        writeCompletion = timing.nCWL + timing.nBL
        capacity = (config.readQueueCapacity + config.writeQueueCapacity) * (config.separateRequesterQueues ? 2 : 1)
        pool = allocateCopy(Array(repeating: Slot(), count: capacity))
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
        s.pointee.nextRefreshDue = refreshOn ? timing.nREFI : .max
        let units = 0..<g.units
        unitBanks = allocateCopy(units.map { Int64(g.banks(ofUnit: $0).count) })
        unitRank = allocateCopy(g.unitRank)
        unitActivate = allocateCopy(units.map { g.scope(ofUnit: $0).activate })
        unitPrecharge = allocateCopy(units.map { g.scope(ofUnit: $0).precharge })
        unitColumn = allocateCopy(units.flatMap { u -> [DRAMCommand] in
            switch g.scope(ofUnit: u) {
            case .bank: [.rd, .wr]
            case .bundle: [.bundleRd, .bundleWr]
            case .rank: [.allBankRd, .allBankWr]
            }
        })
        bankBundleUnit = allocateCopy((0..<g.banks).map { u in
            Int32(g.unit(for: .bundle, rank: g.rank(ofUnit: u), bankGroup: 0, bank: u % g.banksPerBankGroup))
        })
        rankUnit = allocateCopy((0..<g.ranks).map { Int32(g.rankUnit(rank: $0)) })
        unitTraceGroup = allocateCopy(units.map { u in g.scope(ofUnit: u) == .bank ? Int32((u % g.banksPerRank) / g.banksPerBankGroup) : -1 })
        unitTraceBank = allocateCopy(units.map { u -> Int32 in
            switch g.scope(ofUnit: u) {
            case .bank: Int32(u % g.banksPerBankGroup)
            case .bundle: Int32((u - g.banks) % g.bundlesPerRank)
            case .rank: -1
            }
        })
        cachedEarliest = allocateCopy(Array(repeating: Int64.min, count: g.units))
        dueUnits = allocateCopy(Array(repeating: -1, count: g.units))
        candidates = allocateCopy(Array(repeating: Candidate(), count: g.units))
        unitBytes = allocateCopy(units.map { organization.accessBytes.bytes * Int64(g.banks(ofUnit: $0).count) })
        hitRuns = !closedPage && !state.windowPreceding[Int(DRAMCommand.rd.rawValue)]
        hitRunScratch = allocateCopy(Array(repeating: Int64(0), count: HitRunScratch.words))
    }

    deinit {
        s.pointee.counters.deallocate()
        s.deinitialize(count: 1)
        s.deallocate()
        pool.deallocate()
        laneQueued.deallocate()
        kindCapacity.deallocate()
        freeSlots.deallocate()
        head.deallocate()
        tail.deallocate()
        active.deallocate()
        isActive.deallocate()
        refreshDue.deallocate()
        unitBanks.deallocate()
        unitRank.deallocate()
        unitActivate.deallocate()
        unitPrecharge.deallocate()
        unitColumn.deallocate()
        bankBundleUnit.deallocate()
        rankUnit.deallocate()
        unitTraceGroup.deallocate()
        unitTraceBank.deallocate()
        cachedEarliest.deallocate()
        dueUnits.deallocate()
        candidates.deallocate()
        unitBytes.deallocate()
        hitRunScratch.deallocate()
    }

    /// What the controller did so far.
    public var statistics: DRAMChannelStatistics { s.pointee.counters.statistics }
    /// Every issued command (empty unless `config.recordTrace`).
    public var trace: [DRAMTraceEntry] { s.pointee.trace }
    /// The controller's clock (command-clock cycles).
    public var now: Int64 { s.pointee.now }

    /// Serves `requests` (all addressed to this pseudo-channel, in arrival order) to completion.
    /// A request enters its queue at its arrival cycle or, if the queue is full, when an entry
    /// frees (in order: a waiting request blocks the ones behind it).
    public func run(_ requests: [DRAMRequest]) {
        for r in requests {
            precondition(r.location.pseudoChannel == pseudoChannel,
                         "DRAM: request for pc\(r.location.pseudoChannel) sent to pc\(pseudoChannel)")
        }
        let limits = DRAMPackedRequest.Limits(organization)
        let packed = requests.map { DRAMPackedRequest($0, within: limits) }
        packed.withUnsafeBufferPointer { run(packed: $0) }
    }

    /// Serves `input` (this pseudo-channel's next requests, packed, in arrival order). With
    /// `final`, these are the last requests and the run goes to completion. Without it, the call
    /// returns as soon as every request of `input` has entered its queue, at the top of the
    /// scheduling loop, before the controller would look at the request after them; the caller
    /// passes the following requests in the next call, which resumes exactly there. Splitting an
    /// input of one requester into chunks therefore gives the same commands as passing it whole.
    /// With separate requester queues, each requester admits its own requests in input order (a
    /// request waiting for queue space blocks only its requester's later ones; when both can
    /// admit, the earlier input position goes first). A chunk boundary would stop a requester
    /// from admitting past the other's blocked request, so an input that mixes requesters must
    /// be passed whole (`DRAMStack.run` does).
    func run(packed input: UnsafeBufferPointer<DRAMPackedRequest>, final: Bool = true) {
        let n = input.count
        s.pointee.quickValid = false
        // The input position of each lane's next request (n: none left in `input`).
        var next0 = nextPosition(lane: 0, input, from: 0), next1 = nextPosition(lane: 1, input, from: 0)
        // One requester only (the usual case): the same loop with the other lane's checks gone.
        if next1 == n || next0 == n { return run(oneRequester: input, final: final) }
        while true {
            // Admit arrivals.
            let now = s.pointee.now
            while true {
                let a = admissible(next0, lane: 0, input, now: now), b = admissible(next1, lane: 1, input, now: now)
                if a && (!b || next0 < next1) {
                    enqueue(input[next0])
                    next0 = nextPosition(lane: 0, input, from: next0 &+ 1)
                } else if b {
                    enqueue(input[next1])
                    next1 = nextPosition(lane: 1, input, from: next1 &+ 1)
                } else {
                    break
                }
            }
            if next0 == n && next1 == n && !final { return }
            updateMode()
            if issueBest() { continue }
            // Nothing legal now: jump to the next cycle at which something can change.
            var t = s.pointee.nextCandidateCycle
            if next0 < n && !isFull(input[next0], lane: 0) { t = min(t, max(input[next0].arrivalCycle, now + 1)) }
            if next1 < n && !isFull(input[next1], lane: 1) { t = min(t, max(input[next1].arrivalCycle, now + 1)) }
            if !advance(now: now, to: t, inputLeft: next0 < n || next1 < n) { break }
        }
    }

    /// `run(packed:final:)` for an input whose requests are all of one requester (either lane),
    /// without the scan for the other lane's first request: `DRAMStack.run` knows this of every
    /// chunk it streams (it turns to whole inputs once it sees a second requester).
    @inline(never)
    func run(oneRequester input: UnsafeBufferPointer<DRAMPackedRequest>, final: Bool) {
        // As `run(packed:final:)` decides: lane 0 unless the input is of lane 1 (an empty one: 0).
        let l = input.isEmpty ? 0 : lane(pathRaw: input[0].pathRaw)
        runOneLane(input, lane: l, final: final)
    }

    /// `run(packed:final:)` for an input whose requests all use lane `l`: each request's lane
    /// is `l`, so the next request of the lane is the next position and the other lane never
    /// admits. Same decisions, same commands.
    @inline(__always)
    func runOneLane(_ input: UnsafeBufferPointer<DRAMPackedRequest>, lane l: Int, final: Bool) {
        let n = input.count
        var position = 0
        while true {
            let now = s.pointee.now
            // Through the pointer: a request waiting for space costs two loads, not a copy.
            while position < n && input[position].arrivalCycle <= now && !isFull(flags: input[position].flags, lane: l) {
                enqueue(input[position])
                position &+= 1
            }
            if position == n && !final { return }
            updateMode()
            if hitRunPossible {
                switch hitRun(input, position: &position, lane: l, final: final) {
                case .pass: break
                case .top: continue
                case .done: return
                }
            }
            if issueBest() { continue }
            var t = s.pointee.nextCandidateCycle
            if position < n && !isFull(input[position], lane: l) { t = min(t, max(input[position].arrivalCycle, now + 1)) }
            if !advance(now: now, to: t, inputLeft: position < n) { break }
        }
    }

    /// After a pass at `now` found nothing legal: moves the clock to the earliest of `t` (the
    /// next candidate or admissible arrival) and the next refresh deadline. Returns false, leaving
    /// the clock, when the run is complete (no queued request, no input left, nothing to close).
    @inline(__always)
    func advance(now: Int64, to candidate: Int64, inputLeft: Bool) -> Bool {
        var t = candidate
        if s.pointee.readCount + s.pointee.writeCount == 0 && !inputLeft && !hasOpenWorkForClosedPage { return false }
        if refreshOn {
            if s.pointee.nextRefreshDue > now { t = min(t, s.pointee.nextRefreshDue) } else {
                for r in 0..<ranks where refreshDue[r] > now { t = min(t, refreshDue[r]) }
            }
        }
        precondition(t != Int64.max && t > now, "DRAM pc\(pseudoChannel): controller stalled at cycle \(now) with queued requests")
        s.pointee.now = t
        return true
    }

    /// The requester lane whose queues a request uses: 0 the xPU, 1 a memory-side processor
    /// (always 0 without separate requester queues).
    @inline(__always)
    func lane(pathRaw: Int) -> Int { separateQueues && pathRaw != DRAMAccessPath.xpu.rawValue ? 1 : 0 }

    /// The first position at or after `start` of a request of `lane` in `input` (`input.count`: none).
    @inline(__always)
    func nextPosition(lane l: Int, _ input: UnsafeBufferPointer<DRAMPackedRequest>, from start: Int) -> Int {
        if !separateQueues { return l == 0 ? start : input.count }
        var i = start
        while i < input.count && lane(pathRaw: input[i].pathRaw) != l { i &+= 1 }
        return i
    }

    /// Whether the queue `r` would enter (its lane's reads or writes) is full.
    @inline(__always)
    func isFull(_ r: DRAMPackedRequest, lane l: Int) -> Bool { isFull(flags: r.flags, lane: l) }

    /// `isFull` for a request with `DRAMPackedRequest.flags` `flags`.
    @inline(__always)
    func isFull(flags: UInt8, lane l: Int) -> Bool {
        let kind = Int(flags & 1)
        return laneQueued[l &* 2 &+ kind] >= kindCapacity[kind]
    }

    /// Whether the request at `position` (of `lane`) has arrived by `now` and has queue space.
    @inline(__always)
    func admissible(_ position: Int, lane l: Int, _ input: UnsafeBufferPointer<DRAMPackedRequest>, now: Int64) -> Bool {
        position < input.count && input[position].arrivalCycle <= now && !isFull(input[position], lane: l)
    }

    /// Counts a request of `pathRaw` entering (`delta` 1) or leaving (-1) its lane's queue.
    @inline(__always)
    func countLane(pathRaw: Int, write: Bool, _ delta: Int) {
        laneQueued[lane(pathRaw: pathRaw) &* 2 &+ (write ? 1 : 0)] &+= delta
    }

    /// Closed-page units that still hold an open row with no request (they will precharge).
    var hasOpenWorkForClosedPage: Bool { closedPage && s.pointee.activeCount > 0 }

    @inline(__always)
    func enqueue(_ r: DRAMPackedRequest) {
        // Packing checked the location (`DRAMPackedRequest.init(_:within:)`).
        assert(Int(r.rank) < ranks && Int(r.bankGroup) < bankGroups && Int(r.bank) < banksPerBankGroup
               && Int(r.row) < rows && Int(r.column) < columns, "DRAM: request location out of range")
        let unit: Int
        switch r.scopeRaw {
        case 0: unit = Int(r.rank) &* banksPerRank &+ Int(r.bankGroup) &* banksPerBankGroup &+ Int(r.bank)
        case 1: unit = banks &+ Int(r.rank) &* bundlesPerRank &+ Int(r.bank) / bundleBanksPerBankGroup
        default: unit = Int(rankUnit[Int(r.rank)])
        }
        precondition(s.pointee.freeCount > 0, "DRAM: request pool exhausted")
        s.pointee.freeCount -= 1
        let slot = freeSlots[s.pointee.freeCount]
        let i = Int(slot)
        pool[i] = Slot(admit: s.pointee.now, sequence: s.pointee.nextSequence, row: r.row, column: Int32(r.column), next: -1,
                       write: r.isWrite, path: UInt8(r.pathRaw), activated: false)
        s.pointee.nextSequence += 1
        let q = unit * 2 + (r.isWrite ? 1 : 0)
        if tail[q] >= 0 { pool[Int(tail[q])].next = slot } else { head[q] = slot }
        tail[q] = slot
        if r.isWrite { s.pointee.writeCount += 1 } else { s.pointee.readCount += 1 }
        countLane(pathRaw: r.pathRaw, write: r.isWrite, 1)
        if !isActive[unit] {
            cachedEarliest[unit] = .min
            s.pointee.quickValid = false
            isActive[unit] = true
            active[s.pointee.activeCount] = Int32(unit)
            s.pointee.activeCount += 1
        } else if !appendKeepsCandidate(unit: unit, queue: q, row: r.row) {
            cachedEarliest[unit] = .min
            s.pointee.quickValid = false
        }
    }

    /// Takes `unit`, whose read and write FIFOs are both empty, off the active list, keeping the
    /// order of the others.
    @inline(__always)
    func leaveActiveList(_ unit: Int) {
        isActive[unit] = false
        let count = s.pointee.activeCount
        for k in 0..<count where Int(active[k]) == unit {
            for m in k..<count - 1 { active[m] = active[m + 1] }
            s.pointee.activeCount = count - 1
            break
        }
    }

    /// Whether a request appended to FIFO `queue` of the active `unit` leaves the unit's cached
    /// candidate as it is. With open page a candidate depends only on the open row and the FIFO
    /// of the current mode: a row hit is the first hit in FIFO order and an activation or
    /// precharge serves the head, and appending changes neither, unless the candidate was a
    /// precharge for want of a hit and the new request hits the open row. Closed page (whose
    /// precharges look at both FIFOs) and units without a valid candidate always recompute.
    @inline(__always)
    func appendKeepsCandidate(unit: Int, queue: Int, row: Int32) -> Bool {
        let bound = cachedEarliest[unit]
        if closedPage || bound == .min || bound == .max { return false }
        if queue != unit &* 2 &+ (s.pointee.writeMode ? 1 : 0) { return true }
        return candidates[unit].hit || unitRow(unit) != row
    }

    @inline(__always)
    func updateMode() {
        let writes = s.pointee.writeCount
        if s.pointee.writeMode {
            if writes == 0 || (s.pointee.readCount > 0 && writes <= writeLow) { switchMode(write: false) }
        } else if writes > 0 && (writes >= writeHigh || s.pointee.readCount == 0) {
            // (writes >= writeHigh implies writes > 0: the high watermark is at least 1.)
            switchMode(write: true)
        }
    }

    /// Enters write (drain) or read mode: every candidate may change.
    @inline(never)
    func switchMode(write: Bool) {
        s.pointee.writeMode = write
        s.pointee.quickValid = false
        for i in 0..<s.pointee.activeCount { cachedEarliest[Int(active[i])] = .min }
    }
}
