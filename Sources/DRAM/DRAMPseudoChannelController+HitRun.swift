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
/// The run ends, before the general scheduler would decide anything differently, when: the best
/// legal command is not a row hit (an activation or precharge), an admission changes a candidate
/// (a new unit, a hit where a precharge was cached) or admits a write (the mode may switch), a
/// unit's next candidate is no hit or its queue empties, a refresh comes due, or the input of a
/// chunk runs out. Each unit's bound is then its exact earliest cycle.
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

    /// Issues row-hit reads from the current cycle (admission done, mode updated) while no other
    /// decision of the general scheduler is possible; see the type's comment. `position` is the
    /// next request of `input` (all of lane `l`).
    @inline(never)
    func hitRun(_ input: UnsafeBufferPointer<DRAMPackedRequest>, position: inout Int, lane l: Int, final: Bool) -> HitRunExit {
        let k = s.pointee.activeCount
        let units = hitRunScratch, earliest = hitRunScratch + 4, last = hitRunScratch + 8, delay = hitRunScratch + 12
        let maxUnits = DRAMPseudoChannelController.hitRunUnits
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
        }
        // delay[i * maxUnits + j]: by how much a read of unit i raises unit j's earliest.
        let kinds = state.bankCommands, rd = Int(DRAMCommand.rd.rawValue)
        for i in 0..<k where candidates[Int(units[i])].hit {
            for j in 0..<k {
                let relation = state.bankRelation(Int(units[i]), Int(units[j]))
                delay[i &* maxUnits &+ j] = state.bankPairDelay[(relation &* kinds &+ rd) &* kinds &+ Int(candidates[Int(units[j])].command.rawValue)]
            }
        }
        let n = input.count
        var exit = HitRunExit.pass
        var invalid = -1  // a unit whose candidate must be re-derived
        // The last admission stopped at an arrived request whose queue is full: until the next
        // issue frees an entry, admission admits nothing and no arrival bounds a jump.
        var admitBlocked = false
        run: while true {
            // The pass at `now`.
            var best = -1, bestHit = false, bestSequence = Int64.max, minimum = Int64.max
            for i in 0..<k {
                let e = earliest[i]
                if e > now { if e < minimum { minimum = e }; continue }
                let c = candidates[Int(units[i])]
                if (c.hit && !bestHit) || (c.hit == bestHit && c.sequence < bestSequence) {
                    best = i; bestHit = c.hit; bestSequence = c.sequence
                }
            }
            if best < 0 {
                // Nothing legal: jump as `advance` would.
                var t = minimum
                if !admitBlocked && position < n && !isFull(input[position], lane: l) { t = min(t, max(input[position].arrivalCycle, now &+ 1)) }
                if t >= s.pointee.nextRefreshDue {
                    now = s.pointee.nextRefreshDue
                    exit = .top
                    break run
                }
                now = t
                s.pointee.now = t
                if admitBlocked { continue run }
            } else {
                if !bestHit { exit = .pass; break run }
                let unit = Int(units[best])
                let c = candidates[unit]
                assert(c.command == .rd, "DRAM: a hit run issues reads only")
                let slot = c.request
                let request = pool[Int(slot)]
                s.pointee.counters.commandCounts[rd] &+= 1
                if recordTrace { appendTrace(.rd, unit: unit, row: request.row, request: slot, at: now) }
                let q = unit &* 2
                let following = request.next
                if c.previous >= 0 { pool[Int(c.previous)].next = following } else { head[q] = following }
                if tail[q] == slot { tail[q] = c.previous }
                countLane(pathRaw: Int(request.path), write: false, -1)
                s.pointee.readCount -= 1
                let completion = now &+ readCompletion
                s.pointee.counters.recordLatency(completion &- request.admit)
                if completion > s.pointee.counters.lastCompletionCycle { s.pointee.counters.lastCompletionCycle = completion }
                s.pointee.counters.bytesByPath[Int(request.path)] &+= unitBytes[unit]
                if !request.activated { s.pointee.counters.rowHits &+= 1 }
                freeSlots[s.pointee.freeCount] = slot
                s.pointee.freeCount &+= 1
                last[best] = now
                let raised = delay + best &* maxUnits
                for j in 0..<k { earliest[j] = max(earliest[j], now &+ raised[j]) }
                if head[q] < 0 && head[q &+ 1] < 0 {
                    // The unit leaves the active list (as `issueColumn` does).
                    leaveActiveList(unit)
                    exit = .top
                    break run
                }
                if !chooseCandidate(unit, writeMode: false) || !candidates[unit].hit {
                    invalid = unit
                    exit = .top
                    break run
                }
            }
            // The top of the general loop: admission.
            s.pointee.quickValid = true  // cleared by an admission that resets a bound
            admitBlocked = false
            while position < n && input[position].arrivalCycle <= now {
                if isFull(flags: input[position].flags, lane: l) { admitBlocked = true; break }
                enqueue(input[position])
                position &+= 1
            }
            if position == n && !final { exit = .done; break run }
            if !s.pointee.quickValid || s.pointee.writeCount > 0 { exit = .top; break run }
        }
        // Deferred raises, then exact bounds (except where an admission or the run reset one).
        for i in 0..<k where last[i] != .min { state.raiseBankColumn(.rd, unit: Int(units[i]), at: last[i]) }
        for i in 0..<k {
            let u = Int(units[i])
            if isActive[u] && cachedEarliest[u] != .min { cachedEarliest[u] = earliest[i] }
        }
        if invalid >= 0 { cachedEarliest[invalid] = .min }
        s.pointee.quickValid = false
        s.pointee.now = now
        return exit
    }
}
