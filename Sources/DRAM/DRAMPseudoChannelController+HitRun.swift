/// Runs of row-hit reads issued in one tight loop, with the decisions of the general scheduler.
///
/// In read mode with at most `hitRunUnits` active bank units (streaming: the two ranks' open
/// banks and the next bank to open), the loop computes each unit's earliest cycle once, then
/// issues reads as the general pass would (hits first, then oldest; the clock jumps to the
/// smallest earliest cycle or admissible arrival, and admits after each issue and jump) without
/// touching the timing state: a read of unit x at t raises only slots, so every unit y's earliest
/// becomes max(its earliest, t + `DRAMTimingState.bankPairDelay` of (x, y)), exactly the value a
/// fresh query would give. The raises themselves are applied once, for the last read of each
/// unit, when the run ends (a slot's value is the maximum of its raises, and a unit's later
/// reads raise every slot by more than its earlier ones).
///
/// What the general scheduler would do at the other decisions of a stream is done in place (see
/// `hitRun`): an activation or precharge that is the best legal command, a bank unit that an
/// admission adds (up to `hitRunUnits`) or whose candidate it changes, a unit whose next candidate
/// is no hit, a unit whose queues empty. A unit re-derived inside the run gets the timing state's
/// earliest cycle raised by the deferred reads (max over the run's units of last read +
/// `bankPairDelay`), again exactly a fresh query's value. The run ends, before the general
/// scheduler would decide anything differently, when an admission adds a fifth unit or a
/// non-bank unit or admits a write (the mode may switch), a refresh comes due, or the input of a
/// chunk runs out. Each unit's bound is then its exact earliest cycle.
/// The layout of a controller's `hitRunScratch`, in Int64 words, for the run's units
/// i < `DRAMPseudoChannelController.hitRunUnits` (n): their unit indices, earliest cycles and last
/// reads (.min: none yet), the n x n read delays (`delay[j * n + i]`: by how much a read of unit
/// j raises unit i's earliest cycle), then each unit's candidate: order key, request slot, the
/// slot before it and its open row.
enum HitRunScratch {
    static let units = 0
    static let earliest = DRAMPseudoChannelController.hitRunUnits
    static let last = 2 * DRAMPseudoChannelController.hitRunUnits
    static let delay = 3 * DRAMPseudoChannelController.hitRunUnits
    static let key = delay + DRAMPseudoChannelController.hitRunUnits * DRAMPseudoChannelController.hitRunUnits
    static let slot = key + DRAMPseudoChannelController.hitRunUnits
    static let previous = slot + DRAMPseudoChannelController.hitRunUnits
    static let row = previous + DRAMPseudoChannelController.hitRunUnits
    /// The scratch's size.
    static let words = row + DRAMPseudoChannelController.hitRunUnits
    /// The arrays with one entry per unit (moved together when a unit leaves the run).
    static let perUnitArrays = [units, earliest, last, key, slot, previous, row]
}

extension DRAMPseudoChannelController {
    /// Where the general loop of `runOneLane` resumes after a run.
    enum HitRunExit {
        /// At the pass of the current cycle (admission and mode update done).
        case pass
        /// At the top of the loop (admission next).
        case top
        /// The chunk's input is admitted and it is not the final one: return.
        case done
    }

    /// The most active units a run handles.
    static let hitRunUnits = 4

    /// Whether a run may start now: read mode with no write queued, open page, bank units only
    /// (checked by the run), few active units, no refresh due.
    @inline(__always)
    var hitRunPossible: Bool {
        // The active count first (1 ... hitRunUnits, one unsigned comparison): random traffic,
        // with ~20 active units, fails here.
        UInt(bitPattern: s.pointee.activeCount &- 1) < UInt(DRAMPseudoChannelController.hitRunUnits)
            && s.pointee.writeCount == 0 && hitRuns && !s.pointee.writeMode && s.pointee.now < s.pointee.nextRefreshDue
    }

    /// The order key of a candidate that is no row hit: its sequence plus this, so that one
    /// comparison of keys orders hits first, then age (sequences stay far below 2^62).
    static let nonHitKey: Int64 = 1 << 62

    /// Issues row-hit reads from the current cycle (admission done, mode updated) while no other
    /// decision of the general scheduler is possible; see the type's comment. `position` is the
    /// next request of `input` (all of lane `l`).
    ///
    /// Per read, one pass over the run's units finds the legal best or, when none is legal, the
    /// unit the pass at the smallest earliest cycle would choose, so a jump that no admission can
    /// precede (the next request is blocked on a full queue, or arrives later) issues at once
    /// instead of taking a second pass. The run keeps each unit's candidate (order key, slot, the
    /// slot before it, open row) in its scratch and writes it back at the end, and counts reads,
    /// row hits and bytes locally: a bank unit's requests are all xPU requests (`DRAMPackedRequest`:
    /// bank scope is the xPU's), so they add up to the same counters.
    ///
    /// Three events that used to end the run are taken in place, with the general scheduler's
    /// bookkeeping: the best legal command is an activation or precharge (the command issued by
    /// `issueCandidate`, every unit's earliest cycle re-queried with the deferred raises added);
    /// an admission adds a bank unit (up to `hitRunUnits`) or changes a unit's candidate (the
    /// unit is re-derived, its earliest cycle the state's raised by the deferred reads,
    /// `hitRunRefresh`); a unit's queue empties (it leaves, its deferred raise applied).
    @inline(never)
    func hitRun(_ input: UnsafeBufferPointer<DRAMPackedRequest>, position: inout Int, lane l: Int, final: Bool) -> HitRunExit {
        var k = s.pointee.activeCount
        let units = hitRunScratch, earliest = hitRunScratch + HitRunScratch.earliest, last = hitRunScratch + HitRunScratch.last, delay = hitRunScratch + HitRunScratch.delay
        let key = hitRunScratch + HitRunScratch.key, slotOf = hitRunScratch + HitRunScratch.slot, previousOf = hitRunScratch + HitRunScratch.previous, rowOf = hitRunScratch + HitRunScratch.row
        let maxUnits = DRAMPseudoChannelController.hitRunUnits
        let nonHit = DRAMPseudoChannelController.nonHitKey
        var now = s.pointee.now
        for i in 0..<k {
            let u = Int(active[i])
            if u >= banks { return .pass }
            if cachedEarliest[u] == .min && !chooseCandidate(u, writeMode: false) { cachedEarliest[u] = .max }
            if cachedEarliest[u] == .max { return .pass }
            let e = state.earliestUnchecked(candidates[u].command, unit: u)
            cachedEarliest[u] = e
            units[i] = Int64(u)
            earliest[i] = e
            last[i] = .min
            hitRunTakeCandidate(i)
        }
        for i in 0..<k { hitRunDelayColumn(i, count: k) }
        let n = input.count
        let pool = pool, head = head, tail = tail
        var exit = HitRunExit.top
        // Reads issued, of them row hits, and the cycle of the last (counted at the end).
        var issued: Int64 = 0, hits: Int64 = 0, lastIssue: Int64 = 0
        // The last admission stopped at an arrived request whose queue is full: until the next
        // issue frees an entry, admission admits nothing and no arrival bounds a jump.
        var admitBlocked = false
        // Lane 0's read queue is known to be full (`isFull` of an xPU read is true): set when
        // admission stops at an xPU read, cleared when an issued read's slot goes back to the
        // free list (the only way the count falls here; a read admitted into the slot keeps it).
        var readsFull = false
        // The pool slot of the last issued read, until the admission after it takes it or
        // returns it to the free list (-1: none).
        var spare: Int32 = -1
        run: while true {
            // The pass at `now`: the legal best, else the best at the smallest earliest cycle.
            var best = -1, bestKey = Int64.max, minimum = Int64.max, soon = -1, soonKey = Int64.max
            for i in 0..<k {
                let e = earliest[i], order = key[i]
                if e <= now {
                    if order < bestKey { best = i; bestKey = order }
                } else if e < minimum || (e == minimum && order < soonKey) {
                    minimum = e; soon = i; soonKey = order
                }
            }
            if best < 0 {
                // Nothing legal: jump as `advance` would.
                var arrival = Int64.max
                if !admitBlocked && position < n && !isFull(input[position], lane: l) { arrival = max(input[position].arrivalCycle, now &+ 1) }
                let t = min(minimum, arrival)
                if t >= s.pointee.nextRefreshDue {
                    now = s.pointee.nextRefreshDue
                    break run
                }
                now = t
                if arrival > minimum {
                    // No admission at or before `minimum` (one there would admit nothing): the
                    // pass there chooses `soon`.
                    best = soon
                    bestKey = soonKey
                }
            }
            if bestKey < nonHit {
                // A row hit (only a unit's key is below `nonHit`, so `best` >= 0).
                let unit = Int(units[best])
                let slot = Int32(truncatingIfNeeded: slotOf[best]), previous = Int32(truncatingIfNeeded: previousOf[best])
                let request = pool[Int(slot)]
                assert(request.path == UInt8(DRAMAccessPath.xpu.rawValue) && !request.write, "DRAM: a hit run issues xPU reads only")
                if recordTrace { appendTrace(.rd, unit: unit, row: request.row, request: slot, at: now) }
                let q = unit &* 2
                let following = request.next
                if previous >= 0 { pool[Int(previous)].next = following } else { head[q] = following }
                if tail[q] == slot { tail[q] = previous }
                issued &+= 1
                if !request.activated { hits &+= 1 }
                lastIssue = now
                s.pointee.counters.recordLatency(now &+ readCompletion &- request.admit)
                // The admission below takes the slot, or returns it to the free list. The read
                // stays counted in its lane's queue until then (`returnIssuedSlot`): an xPU read
                // admitted into the slot takes its count.
                spare = slot
                last[best] = now
                let raised = delay + best &* maxUnits
                for j in 0..<k { earliest[j] = max(earliest[j], now &+ raised[j]) }
                // The unit's next candidate: the first hit after the issued request (the ones
                // before it were no hits, and the open row has not changed).
                let open = Int32(truncatingIfNeeded: rowOf[best])
                var p = previous, next = following
                while next >= 0 && pool[Int(next)].row != open { p = next; next = pool[Int(next)].next }
                if next >= 0 {
                    slotOf[best] = Int64(next)
                    previousOf[best] = Int64(p)
                    key[best] = pool[Int(next)].sequence
                } else if head[q] < 0 && head[q &+ 1] < 0 {
                    // Both queues empty: the unit leaves the active list (as `issueColumn` does).
                    hitRunRemove(best, count: k)
                    k &-= 1
                    if k == 0 { break run }
                } else if !hitRunRefresh(best, count: k) {
                    break run
                }
            } else if best >= 0 {
                if !hitRunIssueRowCommand(best, count: k, at: now) { break run }
            }
            // The top of the general loop: admission. `reset`: a bound was reset (a unit added,
            // or a candidate an appended request may change); `general`: `enqueue` admitted
            // something other than an xPU read into a freed slot (a write, maybe).
            admitBlocked = false
            var reset = false, general = false
            while position < n && input[position].arrivalCycle <= now {
                let flags = input[position].flags
                if flags == 0 && spare >= 0 {
                    // An xPU read (bank scope, lane 0) into the slot the issue freed: `enqueue`
                    // would pop that very slot. The issued read, an xPU read too, left room in
                    // its queue (lane 0, reads) and nothing was admitted since, so it is not full;
                    // the new read takes the issued read's count in `laneQueued`.
                    if hitRunEnqueueRead(input[position], slot: spare, at: now) { reset = true }
                    spare = -1
                } else if flags == 0 && readsFull {
                    admitBlocked = true
                    break
                } else {
                    if spare >= 0 { returnIssuedSlot(spare); spare = -1; readsFull = false }
                    if isFull(flags: flags, lane: l) { admitBlocked = true; readsFull = flags == 0; break }
                    s.pointee.now = now
                    s.pointee.quickValid = true  // cleared by an admission that resets a bound
                    enqueueOutOfLine(input[position])
                    general = true
                    if !s.pointee.quickValid { reset = true }
                }
                position &+= 1
            }
            if spare >= 0 { returnIssuedSlot(spare); spare = -1; readsFull = false }
            if position == n && !final { exit = .done; break run }
            if general && s.pointee.writeCount > 0 { break run }
            if reset && !hitRunTakeAdmissions(count: &k) { break run }
        }
        if spare >= 0 { returnIssuedSlot(spare) }
        if issued > 0 {
            s.pointee.counters.commandCounts[Int(DRAMCommand.rd.rawValue)] &+= issued
            s.pointee.readCount &-= Int(issued)
            s.pointee.counters.bytesByPath[DRAMAccessPath.xpu.rawValue] &+= issued &* unitBytes[0]
            s.pointee.counters.rowHits &+= hits
            let completion = lastIssue &+ readCompletion
            if completion > s.pointee.counters.lastCompletionCycle { s.pointee.counters.lastCompletionCycle = completion }
        }
        // Deferred raises, then exact bounds (except where an admission reset one) and the
        // candidates of units whose hit moved on.
        hitRunApplyDeferredRaises(count: k)
        for i in 0..<k {
            let u = Int(units[i])
            if cachedEarliest[u] == .min { continue }
            cachedEarliest[u] = earliest[i]
            if key[i] < nonHit {
                candidates[u] = Candidate(sequence: key[i], request: Int32(truncatingIfNeeded: slotOf[i]),
                                          previous: Int32(truncatingIfNeeded: previousOf[i]), row: Int32(truncatingIfNeeded: rowOf[i]),
                                          command: unitColumn[u &* 2], hit: true)
            }
        }
        s.pointee.quickValid = false
        s.pointee.now = now
        return exit
    }

    /// Issues run unit `i`'s activation or precharge at `now` (the best legal command), as
    /// `issueBest` would, by `issueCandidate`; every other unit's earliest cycle is updated
    /// and unit `i` re-derived. Returns false when the run must end.
    ///
    /// The run's reads stay deferred: the issue only raises slots (maxima, in any order) and
    /// pushes window rules, which no read follows or precedes, and a query here adds the
    /// deferred reads' raises itself (`hitRunEarliest`), so the values are those after the raises.
    ///
    /// A unit whose candidate command no window rule follows (a read or a precharge) needs no
    /// query: its earliest cycle (exact before the issue) becomes max(it, now + `bankPairDelay`
    /// of the issued command and its own), the value the query would give.
    @inline(never)
    func hitRunIssueRowCommand(_ i: Int, count k: Int, at now: Int64) -> Bool {
        let unit = Int(hitRunScratch[i])
        let kinds = state.bankCommands, issued = Int(candidates[unit].command.rawValue)
        assert(issued < kinds, "DRAM: a run's row command is a bank command")
        s.pointee.now = now
        issueCandidate(of: unit)
        let earliest = hitRunScratch + HitRunScratch.earliest
        for j in 0..<k where j != i {
            let u = Int(hitRunScratch[j])
            let f = Int(candidates[u].command.rawValue)
            if state.windowFollowing[f] {
                earliest[j] = hitRunEarliest(j, count: k)
            } else {
                earliest[j] = max(earliest[j], now &+ state.bankPairDelay[(state.bankRelation(unit, u) &* kinds &+ issued) &* kinds &+ f])
            }
        }
        return hitRunRefresh(i, count: k)
    }

    /// Run unit `j`'s exact earliest cycle for its candidate command (`candidates`), whose
    /// delays (`hitRunDelayColumn`) are set: the timing state's, raised by the deferred reads of
    /// the run's `k` units (max over them of last read + delay, the value a query after the
    /// raises would give: `DRAMTimingState.bankPairDelay`; reads push no window rule).
    @inline(__always)
    func hitRunEarliest(_ j: Int, count k: Int) -> Int64 {
        let u = Int(hitRunScratch[j])
        let last = hitRunScratch + HitRunScratch.last, delay = hitRunScratch + HitRunScratch.delay, maxUnits = DRAMPseudoChannelController.hitRunUnits
        var e = state.earliestUnchecked(candidates[u].command, unit: u)
        for m in 0..<k where last[m] != .min { e = max(e, last[m] &+ delay[m &* maxUnits &+ j]) }
        return e
    }

    /// After an admission reset a bound: re-derives the run's units whose candidate it reset and
    /// takes in the units it added (at the end of the active list). Returns false when the run
    /// must end (a non-bank unit or more than `hitRunUnits`).
    @inline(never)
    func hitRunTakeAdmissions(count k: inout Int) -> Bool {
        for i in 0..<k where cachedEarliest[Int(hitRunScratch[i])] == .min {
            if !hitRunRefresh(i, count: k) { return false }
        }
        while k < s.pointee.activeCount {
            let u = Int(active[k])
            if u >= banks || k == DRAMPseudoChannelController.hitRunUnits { return false }
            hitRunScratch[k] = Int64(u)
            hitRunScratch[HitRunScratch.last &+ k] = .min
            k &+= 1
            hitRunDelayRow(k &- 1, count: k)
            if !hitRunRefresh(k &- 1, count: k) { return false }
        }
        return true
    }

    /// `enqueue`, kept out of the run's loop (which admits other requests than xPU reads rarely).
    @inline(never)
    func enqueueOutOfLine(_ r: DRAMPackedRequest) { enqueue(r) }

    /// Puts pool slot `slot` back on the free list.
    @inline(__always)
    func returnSlot(_ slot: Int32) {
        freeSlots[s.pointee.freeCount] = slot
        s.pointee.freeCount &+= 1
    }

    /// Puts the pool slot of a read the run issued back on the free list and takes the read out
    /// of its queue's count (lane 0, reads), which the run defers to here: when an xPU read
    /// takes the slot instead, the two counts cancel.
    @inline(__always)
    func returnIssuedSlot(_ slot: Int32) {
        returnSlot(slot)
        laneQueued[0] &-= 1
    }

    /// `enqueue` in a run for an xPU read (`DRAMPackedRequest.flags` 0: bank scope, lane 0, read
    /// mode, open page) into the free pool slot `slot`, admitted at `now`: the same queue entry,
    /// counts and candidate bookkeeping, except the lane's queue count: the caller's issued read,
    /// freed from the slot, leaves its count to this request (`returnIssuedSlot`). Returns whether it reset the unit's bound (a new unit,
    /// or a candidate the request may change), which `enqueue` signals by clearing `quickValid`.
    @inline(__always)
    func hitRunEnqueueRead(_ r: DRAMPackedRequest, slot: Int32, at now: Int64) -> Bool {
        assert(r.flags == 0 && !closedPage && !s.pointee.writeMode, "DRAM: not a run's xPU read")
        let unit = Int(r.rank) &* banksPerRank &+ Int(r.bankGroup) &* banksPerBankGroup &+ Int(r.bank)
        pool[Int(slot)] = Slot(admit: now, sequence: s.pointee.nextSequence, row: r.row, column: Int32(r.column), next: -1,
                               write: false, path: 0, activated: false)
        s.pointee.nextSequence &+= 1
        let q = unit &* 2
        let t = tail[q]
        if t >= 0 { pool[Int(t)].next = slot } else { head[q] = slot }
        tail[q] = slot
        s.pointee.readCount &+= 1
        if !isActive[unit] {
            cachedEarliest[unit] = .min
            isActive[unit] = true
            active[s.pointee.activeCount] = Int32(unit)
            s.pointee.activeCount &+= 1
            return true
        }
        // `appendKeepsCandidate` in read mode, open page: a valid candidate stays unless it is no
        // hit and the request hits the open row.
        let bound = cachedEarliest[unit]
        // `bound` is .min or .max exactly when `bound + .max` (wrapping) is -1 or -2: one test.
        if UInt64(bitPattern: bound &+ .max) >= UInt64.max &- 1 || (!candidates[unit].hit && state.openRows[unit] == r.row) {
            cachedEarliest[unit] = .min
            return true
        }
        return false
    }

    /// Copies run unit `i`'s candidate (`candidates`) into the run's scratch: its order key,
    /// request slot, the slot before it and its row.
    @inline(__always)
    func hitRunTakeCandidate(_ i: Int) {
        let c = candidates[Int(hitRunScratch[i])]
        hitRunScratch[HitRunScratch.key &+ i] = c.hit ? c.sequence : c.sequence | DRAMPseudoChannelController.nonHitKey
        hitRunScratch[HitRunScratch.slot &+ i] = Int64(c.request)
        hitRunScratch[HitRunScratch.previous &+ i] = Int64(c.previous)
        hitRunScratch[HitRunScratch.row &+ i] = Int64(c.row)
    }

    /// Sets `delay[j][i]` for every run unit j < `k`: by how much a read of unit j raises the
    /// earliest cycle of run unit i's candidate command.
    @inline(__always)
    func hitRunDelayColumn(_ i: Int, count k: Int) {
        let units = hitRunScratch, delay = hitRunScratch + HitRunScratch.delay
        let kinds = state.bankCommands, rd = Int(DRAMCommand.rd.rawValue), maxUnits = DRAMPseudoChannelController.hitRunUnits
        let ui = Int(units[i])
        let base = rd &* kinds &+ Int(candidates[ui].command.rawValue)
        for j in 0..<k {
            delay[j &* maxUnits &+ i] = state.bankPairDelay[state.bankRelation(Int(units[j]), ui) &* kinds &* kinds &+ base]
        }
    }

    /// Sets `delay[i][j]` for every run unit j < `k` but i itself (whose command `hitRunRefresh`
    /// sets with its column): by how much a read of run unit i raises unit j's earliest cycle.
    @inline(__always)
    func hitRunDelayRow(_ i: Int, count k: Int) {
        let units = hitRunScratch, delay = hitRunScratch + HitRunScratch.delay
        let kinds = state.bankCommands, rd = Int(DRAMCommand.rd.rawValue), maxUnits = DRAMPseudoChannelController.hitRunUnits
        let ui = Int(units[i])
        for j in 0..<k where j != i {
            let uj = Int(units[j])
            delay[i &* maxUnits &+ j] = state.bankPairDelay[(state.bankRelation(ui, uj) &* kinds &+ rd) &* kinds &+ Int(candidates[uj].command.rawValue)]
        }
    }

    /// Re-derives run unit `i`'s candidate (its queue or bank changed) with its exact earliest
    /// cycle: the timing state's, raised by the deferred reads of the run's `k` units (the value
    /// a query after the raises would give, `DRAMTimingState.bankPairDelay`). Returns false,
    /// leaving the unit's bound unknown, when it has no read to serve.
    @inline(never)
    func hitRunRefresh(_ i: Int, count k: Int) -> Bool {
        let u = Int(hitRunScratch[i])
        guard chooseCandidate(u, writeMode: false) else {
            cachedEarliest[u] = .min
            return false
        }
        hitRunDelayColumn(i, count: k)
        let e = hitRunEarliest(i, count: k)
        hitRunScratch[HitRunScratch.earliest &+ i] = e
        cachedEarliest[u] = e
        hitRunTakeCandidate(i)
        return true
    }

    /// Applies the deferred raises of the run's `k` units (each unit's last read).
    @inline(__always)
    func hitRunApplyDeferredRaises(count k: Int) {
        let last = hitRunScratch + HitRunScratch.last
        for i in 0..<k where last[i] != .min {
            state.raiseBankColumn(.rd, unit: Int(hitRunScratch[i]), at: last[i])
            last[i] = .min
        }
    }

    /// Takes run unit `i` (of `k`), whose queues are empty, off the active list and out of the
    /// run after applying its deferred raise: the last unit takes its place (the run's decisions
    /// do not depend on unit order: order keys are distinct).
    @inline(never)
    func hitRunRemove(_ i: Int, count k: Int) {
        leaveActiveList(Int(hitRunScratch[i]))
        let last = hitRunScratch + HitRunScratch.last, delay = hitRunScratch + HitRunScratch.delay, maxUnits = DRAMPseudoChannelController.hitRunUnits
        if last[i] != .min { state.raiseBankColumn(.rd, unit: Int(hitRunScratch[i]), at: last[i]) }
        let m = k &- 1
        if i == m { return }
        // The per-unit arrays (units, earliest, last, key, slot, previous, row), then the delays.
        for array in HitRunScratch.perUnitArrays { hitRunScratch[array &+ i] = hitRunScratch[array &+ m] }
        for j in 0..<k { delay[i &* maxUnits &+ j] = delay[m &* maxUnits &+ j] }
        for j in 0..<k { delay[j &* maxUnits &+ i] = delay[j &* maxUnits &+ m] }
    }
}
