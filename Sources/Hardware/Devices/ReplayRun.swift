import SimKernel
import Units
import Workloads

/// The workspace of replays on one system: the simulator, the devices' resources and the
/// per-operator buffers. `prepare` + `validate` + `execute` replay one operator list; a
/// `ReplaySession` keeps one workspace for many replays (the stages of a serving run), so the
/// resources and buffers are built once, never reallocated.
///
/// The clock is never rewound: a replay starts at `origin`, the end of the previous one, when
/// every resource is free (each booking ends no later than its operator, checked in `start`),
/// and reports its times relative to it. Booking is invariant under a shift of time (a booking
/// starts at the latest of its ready time, the clock and the resources' free times, all
/// shifted alike), so this equals a fresh workspace.
///
/// Execution (`execute`) runs each stage either whole on the event kernel, or, with a
/// `SegmentMemo`, segment by segment (ReplayRun+Segments.swift), copying the timings of a
/// segment identical to one seen before.
final class ReplayRun {
    let system: DeviceSystemModel
    /// Holds the resources' statistics (the replay's clock and events are `events`).
    let simulator = Simulator()
    /// The replay's clock and pending operator completions (tag: operator position).
    let events = TaggedEventLoop()
    let devices: [DeviceResources]
    /// The devices' booking groups resolved once (`ResourceGroups`), indexed by `groupLayout`.
    let groups = ResourceGroups()
    let groupLayout: ResourceGroupLayout
    /// The memory-side tile plans booked so far, flattened (ReplayRun+MemoryProcessor.swift).
    let tilePlans = TilePlanTable()
    /// Devices in lockstep while a group simulates (ReplayRun+Lockstep.swift): an operator whose
    /// devices are exactly these books the first one only; empty when off.
    var lockstep: Range<Int> = 0..<0
    /// Whether simulated groups may run their devices in lockstep (on; tests turn it off to
    /// check that it changes nothing).
    var allowsLockstep = true
    /// Groups simulated in lockstep so far.
    var lockstepGroups = 0
    var ledger = ResourceLedger()
    /// The current replay's placement (its rules, when no explicit targets) and device layout.
    private(set) var placement = Placement.gpu
    private(set) var layout = DeviceLayout(experts: 0, plan: .single, spaces: 1)
    private(set) var operators: [Operator] = []
    /// Explicit targets by operator position (the serving layer's), or empty: use the placement.
    private(set) var explicitTargets: [PlacementTarget] = []
    /// Ends (exclusive positions, ascending) of independent blocks inside stages, or empty
    /// (`TraceReplayer.run(_:targets:blockEnds:source:in:)`).
    private(set) var blockEnds: [Int] = []
    var bookings: Int64 = 0
    /// The latest end of the bookings made for the operator being started (checked against its
    /// end: a segment boundary needs every resource idle once its operators have ended).
    var bookedUntil: SimTime = .zero
    /// Per operator position: how it ran (valid once started).
    var timed: [TimedOperator] = []
    /// Unfinished dependencies of each operator (inside its stage, or its segment).
    var pending: [Int32] = []
    /// In-stage dependencies as operator positions, in list order (CSR: `dependencyStart[i]
    /// ..< dependencyStart[i + 1]` index `dependencyList`).
    var dependencyStart: [Int32] = []
    var dependencyList: [Int32] = []
    /// Operators waiting on each operator (inside its stage), ascending (CSR as above).
    var dependentStart: [Int32] = []
    var dependentList: [Int32] = []
    var placements: [PlacementTarget] = []
    var dtypes: [DataType] = []
    /// The devices that run a shard of each operator, by position (`DeviceLayout.deviceRange`,
    /// computed once in `validate`).
    var ranges: [Range<Int>] = []
    /// The last operator position the running simulation may start (its segment's or stage's last).
    var limit = 0
    /// Where the current replay's time zero lies on the simulator's clock.
    private(set) var origin: SimTime = .zero
    /// Scratch of the segment search (ReplayRun+Segments.swift).
    var suffixMinimum: [Int32] = []
    var segmentKey = SegmentKeyBuilder()
    /// Scratch of the grouping inside a segment: union-find parents / group roots by position in
    /// the segment, the segment position owning each device, where each root's members start
    /// in `memberScratch` (operator positions grouped by root, CSR), positions inside one group.
    var groupScratch: [Int32] = []
    var deviceOwnerScratch: [Int32] = []
    var groupStartScratch: [Int32] = []
    var memberScratch: [Int32] = []
    var localScratch: [Int32] = []

    init(system: DeviceSystemModel) {
        self.system = system
        let pim = system.config.device.memoryProcessor.pim != nil
        let simulator = self.simulator
        devices = (0..<system.config.deviceCount).map {
            DeviceResources(device: $0, stacks: system.stacks, spaces: system.memory.bundleSpaces,
                            memoryProcessor: pim, simulator: simulator)
        }
        groupLayout = ResourceGroupLayout(devices: devices.count, stacks: system.stacks, spaces: system.memory.bundleSpaces)
        groupLayout.register(devices, in: groups)
    }

    /// Starts a new replay of `operators` with `replayer` (whose system must be this one's): its
    /// time zero is the clock's present (every resource is free by then: the previous replay
    /// ran to completion), and the buffers are cleared, keeping their storage. `targets`, when
    /// not empty, gives every operator's target (one per operator).
    func prepare(replayer: TraceReplayer, operators: [Operator], targets: [PlacementTarget], blockEnds: [Int] = []) {
        precondition(targets.isEmpty || targets.count == operators.count, "one target per operator")
        placement = replayer.placement
        layout = replayer.layout
        self.operators = operators
        explicitTargets = targets
        self.blockEnds = blockEnds
        origin = max(origin, events.now)
        bookings = 0
        timed.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        dependencyStart.removeAll(keepingCapacity: true)
        dependencyList.removeAll(keepingCapacity: true)
        dependentStart.removeAll(keepingCapacity: true)
        dependentList.removeAll(keepingCapacity: true)
        placements.removeAll(keepingCapacity: true)
        dtypes.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
    }

    /// The devices that run a shard of `op`.
    func deviceRange(of op: Operator) -> Range<Int> { layout.deviceRange(of: op) }

    /// The bundle spaces an operator's data lives in, as a bit mask (`DeviceLayout.spaceMask`).
    func spaceMask(of op: Operator) -> Int { layout.spaceMask(of: op) }

    // MARK: - Execution

    /// Runs every stage to completion and collects the records; with `memo`, stages run segment
    /// by segment and repeated segments are copied (exact: ReplayRun+Segments.swift).
    func execute(memo: SegmentMemo?) -> ReplayResult {
        let run = runStages(memo: memo)
        var records: [OperatorRecord] = []
        records.reserveCapacity(operators.count)
        let timed = self.timed, ranges = self.ranges, start = origin
        operators.withUnsafeBufferPointer { ops in
            for i in ops.indices {
                let t = timed[i], devices = ranges[i].count
                records.append(OperatorRecord(id: ops[i].id, stage: ops[i].stage, layer: ops[i].layer, kind: ops[i].kind,
                                              opClass: ops[i].kind.opClass, unit: t.unit, devices: devices,
                                              start: t.start - start, end: t.end - start, bytes: ops[i].cost.memory.total,
                                              movedBytes: t.movedBytes, flops: ops[i].cost.flops,
                                              networkBytes: ops[i].cost.networkSent, energy: t.energyPerShard * Double(devices)))
            }
        }
        origin = run.end
        return ReplayResult(systemName: system.config.name, placementName: placement.name,
                            memorySource: system.memory.source, records: records, stageEnds: run.stageEnds,
                            events: run.events, bookings: bookings, reuse: run.reuse)
    }

    /// As `execute(memo:)`, keeping per operator only its unit, times and energy (as its record
    /// would give them).
    func executeTimings(memo: SegmentMemo?) -> ReplayTimings {
        let run = runStages(memo: memo)
        var timings: [OperatorTiming] = []
        timings.reserveCapacity(operators.count)
        let start = origin
        timed.withUnsafeBufferPointer { timed in
            ranges.withUnsafeBufferPointer { ranges in
                for i in timed.indices {
                    let t = timed[i], devices = ranges[i].count
                    precondition(t.end >= t.start, "an operator cannot end before it starts")
                    timings.append(OperatorTiming(unit: t.unit, start: t.start - start, end: t.end - start,
                                                  energy: t.energyPerShard * Double(devices)))
                }
            }
        }
        origin = run.end
        return ReplayTimings(operators: timings, stageEnds: run.stageEnds.map(\.end), events: run.events, bookings: bookings,
                             reuse: run.reuse)
    }

    /// Runs every stage (block) to completion: their ends relative to `origin`, the last end
    /// (absolute), the events executed and the segment reuse.
    private func runStages(memo: SegmentMemo?) -> (stageEnds: [(stage: Int, end: SimTime)], end: SimTime, events: Int64, reuse: SegmentReuse) {
        var stageEnds: [(stage: Int, end: SimTime)] = []
        var reuse = SegmentReuse()
        let eventsBefore = events.executedEventCount
        var first = 0
        var stageStart = origin
        var nextBlockEnd = 0
        while first < operators.count {
            let stage = operators[first].stage
            while nextBlockEnd < blockEnds.count && blockEnds[nextBlockEnd] <= first { nextBlockEnd += 1 }
            let limit = nextBlockEnd < blockEnds.count ? blockEnds[nextBlockEnd] : operators.count
            var last = first
            while last + 1 < limit && operators[last + 1].stage == stage { last += 1 }
            let end: SimTime
            if let memo {
                end = runSegments(first...last, from: stageStart, memo: memo, reuse: &reuse)
            } else {
                end = runWhole(first...last, from: stageStart)
            }
            stageEnds.append((stage, end - origin))
            stageStart = end
            first = last + 1
        }
        return (stageEnds, stageStart, events.executedEventCount - eventsBefore, reuse)
    }

    /// Runs the stage `range` whole on the event kernel from `stageStart` (all resources idle);
    /// returns its end.
    private func runWhole(_ range: ClosedRange<Int>, from stageStart: SimTime) -> SimTime {
        events.advance(to: stageStart)
        limit = range.upperBound
        for i in range where pending[i] == 0 { start(i, at: stageStart) }
        runEvents()
        var end = stageStart
        for i in range {
            guard timed[i].start != .max else { preconditionFailure("operator \(operators[i].id) never ran (dependency cycle)") }
            end = max(end, timed[i].end)
        }
        return end
    }

    /// Books operator `i` on its unit(s) no earlier than `ready` and schedules its completion.
    func start(_ i: Int, at ready: SimTime) {
        let op = operators[i]
        bookedUntil = .zero
        let t: TimedOperator
        if op.opClass == .communication {
            t = bookCollective(op, on: ranges[i], dtype: dtypes[i], ready: ready)
        } else if placements[i] == .memoryProcessor, let unit = system.memoryProcessorUnit {
            t = bookMemoryProcessor(op, on: ranges[i], unit: unit, dtype: dtypes[i], ready: ready)
        } else {
            t = bookXPU(op, on: ranges[i], dtype: dtypes[i], ready: ready)
        }
        precondition(bookedUntil <= t.end, "operator \(op.id) holds a resource until \(bookedUntil), after its end \(t.end)")
        timed[i] = t
        events.schedule(at: t.end, priority: .release, tag: UInt32(i))
    }

    /// Runs the pending operator completions, and those they lead to, until none is left.
    func runEvents() {
        while let i = events.next() { finish(Int(i)) }
    }

    /// Releases the dependents of operator `i` up to `limit` (called at its end time).
    private func finish(_ i: Int) {
        var k = Int(dependentStart[i])
        let end = Int(dependentStart[i + 1])
        while k < end {
            let j = Int(dependentList[k])
            if j > limit { break }  // ascending: the rest belong to a later segment
            pending[j] -= 1
            if pending[j] == 0 { start(j, at: events.now) }
            k += 1
        }
    }

    /// Books `resources` jointly and counts the booking.
    @discardableResult
    func reserve(_ resources: [Resource], for duration: SimTime, notBefore ready: SimTime) -> (start: SimTime, end: SimTime) {
        bookings += 1
        let booked = Resource.reserve(resources, for: duration, notBefore: ready, now: events.now)
        if booked.end > bookedUntil { bookedUntil = booked.end }
        return booked
    }

    /// Books resource group `group` (`groupLayout`) and counts the booking.
    @inline(__always)
    func reserve(group: Int, for duration: SimTime, notBefore ready: SimTime) -> (start: SimTime, end: SimTime) {
        bookings += 1
        let booked = groups.reserve(group, for: duration.picoseconds, notBefore: ready.picoseconds, now: events.now.picoseconds)
        let end = SimTime(picoseconds: booked.end)
        if end > bookedUntil { bookedUntil = end }
        return (SimTime(picoseconds: booked.start), end)
    }
}

/// The cache key of per-shape costs.
///
/// Equality compares every field (synthesised); the hash reads only the fields that tell the
/// hot shapes apart (attention: its token counts; expert and dense FFNs: tokens and widths),
/// one `combine` instead of one per field and nested enum, so a lookup costs a fraction of a full
/// hash. Equal keys hash equally, so which key finds which value is unchanged.
struct ShapeKey: Hashable, Sendable {
    var shape: OperatorShape
    var dtype: DType
    var interleaved = false

    func hash(into hasher: inout Hasher) {
        switch shape {
        case .attention(let a):
            hasher.combine(UInt64(truncatingIfNeeded: a.cachedTokens) &* 0x9E37_79B9_7F4A_7C15
                           ^ UInt64(truncatingIfNeeded: a.newTokens) &* 0xBF58_476D_1CE4_E5B9
                           ^ UInt64(truncatingIfNeeded: a.kvHeads << 1 | (interleaved ? 1 : 0)))
        case .ffn(let f):
            hasher.combine(UInt64(truncatingIfNeeded: f.tokens) &* 0x9E37_79B9_7F4A_7C15
                           ^ UInt64(truncatingIfNeeded: f.ffn) &* 0xBF58_476D_1CE4_E5B9
                           ^ UInt64(truncatingIfNeeded: f.hidden << 1 | (interleaved ? 1 : 0)))
        default:
            hasher.combine(shape)
            hasher.combine(interleaved)
        }
        hasher.combine(dtype)
    }
}

/// What booking one operator produced, before it becomes a record.
struct TimedOperator {
    var unit: ExecutionUnit
    var start: SimTime
    var end: SimTime
    /// Bytes moved per shard.
    var movedBytes: ByteCount
    var energyPerShard: EnergyBreakdown

    /// The same timing `offset` later.
    func shifted(by offset: SimTime) -> TimedOperator {
        TimedOperator(unit: unit, start: start + offset, end: end + offset, movedBytes: movedBytes, energyPerShard: energyPerShard)
    }

    /// The same timing with `origin` as time zero.
    func relative(to origin: SimTime) -> TimedOperator {
        TimedOperator(unit: unit, start: start - origin, end: end - origin, movedBytes: movedBytes, energyPerShard: energyPerShard)
    }
}
