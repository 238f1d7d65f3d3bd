/// FR-FCFS scheduling of one pseudo-channel: per active unit one candidate command, the best
/// legal one issued, and the bookkeeping of an issue (bank-state invalidation, statistics,
/// trace).
extension DRAMPseudoChannelController {
    /// The open row shared by every bank of `unit`: >= 0 open, -1 all closed, -2 mixed.
    @inline(__always)
    func unitRow(_ unit: Int) -> Int32 {
        if unit < banks { return state.openRows[unit] }
        let start = Int(state.footprintBankStart[unit]), end = Int(state.footprintBankStart[unit + 1])
        let first = state.openRows[Int(state.footprintBanks[start])]
        for j in start + 1..<end where state.openRows[Int(state.footprintBanks[j])] != first { return -2 }
        return first
    }

    /// Issues the best command legal at `now`; returns false (and sets `nextCandidateCycle`)
    /// when none is. A unit whose cached bound is in the future is skipped; one whose bound is
    /// unknown gets a fresh candidate; every other unit only re-queries its cached candidate's
    /// earliest cycle.
    @inline(__always)
    func issueBest() -> Bool {
        let now = s.pointee.now
        // The pass right after a column issue, foreseen by that issue (`Scalars.quickCycle`).
        if s.pointee.quickValid {
            s.pointee.quickValid = false
            let t = s.pointee.quickCycle
            if t > now && now < s.pointee.nextRefreshDue {
                s.pointee.nextCandidateCycle = t
                return false
            }
        }
        var minimum = Int64.max
        var refreshBlocked = 0  // bit r: rank r waits for refresh
        if now >= s.pointee.nextRefreshDue {  // never with refresh off (Int64.max)
            for r in 0..<ranks where now >= refreshDue[r] {
                refreshBlocked |= 1 << r
                let unit = Int(rankUnit[r])
                var anyOpen = false
                for j in Int(state.footprintBankStart[unit])..<Int(state.footprintBankStart[unit + 1])
                where state.openRows[Int(state.footprintBanks[j])] >= 0 {
                    anyOpen = true
                }
                let command: DRAMCommand = anyOpen ? .prea : .ref
                let e = state.earliestUnchecked(command, unit: unit)
                if e <= now {
                    issue(command, unit: unit, row: -1, request: -1)
                    if command == .ref {
                        refreshDue[r] += timing.nREFI
                        var due = Int64.max
                        for k in 0..<ranks { due = min(due, refreshDue[k]) }
                        s.pointee.nextRefreshDue = due
                        s.pointee.counters.refreshCycles += timing.nRFC
                    }
                    return true
                }
                minimum = min(minimum, e)
            }
        }
        let writeMode = s.pointee.writeMode
        // Locals: stores through the pointers below cannot make the compiler reload them.
        let activeUnits = active, bounds = cachedEarliest, ranksOf = unitRank, timingState = state
        let candidateList = candidates
        var bestUnit = -1, bestHit = false, bestSequence = Int64.max
        var legal = 0  // units whose candidate is legal now
        /// Evaluates a unit whose bound has come due: a fresh candidate if unknown, then its
        /// earliest cycle, kept as the new bound; a legal one competes for best.
        @inline(__always) func evaluate(_ unit: Int) {
            if bounds[unit] == .min && !chooseCandidate(unit, writeMode: writeMode) { bounds[unit] = .max; return }
            let e = timingState.earliestUnchecked(candidateList[unit].command, unit: unit)
            bounds[unit] = e
            if e > now { if e < minimum { minimum = e }; return }
            legal &+= 1
            let hit = candidateList[unit].hit, sequence = candidateList[unit].sequence
            if (hit && !bestHit) || (hit == bestHit && sequence < bestSequence) || bestUnit < 0 {
                bestUnit = unit; bestHit = hit; bestSequence = sequence
            }
        }
        let count = s.pointee.activeCount
        if refreshBlocked == 0 {
            // Two passes, same order and result as one: evaluating a unit changes only its own
            // bound. The first (tight) pass skips units whose bound is in the future.
            let due = dueUnits
            var dueCount = 0
            for i in 0..<count {
                let unit = activeUnits[i]
                let bound = bounds[Int(unit)]
                if bound > now { minimum = min(minimum, bound) } else { due[dueCount] = unit; dueCount &+= 1 }
            }
            for k in 0..<dueCount { evaluate(Int(due[k])) }
        } else {
            for i in 0..<count {
                let unit = Int(activeUnits[i])
                if refreshBlocked & (1 << Int(ranksOf[unit])) != 0 { continue }
                let bound = bounds[unit]
                if bound > now { if bound < minimum { minimum = bound }; continue }
                evaluate(unit)
            }
        }
        guard bestUnit >= 0 else {
            s.pointee.nextCandidateCycle = minimum
            // Open page drops a unit as soon as its queues empty (issueColumn), so only closed
            // page leaves idle units in the active list.
            if closedPage { removeIdleUnits() }
            return false
        }
        let column = candidates[bestUnit].command.isColumn
        issueCandidate(of: bestUnit)
        if column && legal == 1 && refreshBlocked == 0 && !closedPage {
            // The issue changed no bank state and no other unit was legal, so every other bound
            // still stands (each is `minimum` or later): the next pass (at this cycle, after
            // admission) would only re-derive this unit. Do it now and keep the result; admission
            // and mode switches that reset a bound cancel it (`Scalars.quickValid`).
            var next = minimum
            if isActive[bestUnit] {
                if chooseCandidate(bestUnit, writeMode: writeMode) {
                    let e = state.earliestUnchecked(candidates[bestUnit].command, unit: bestUnit)
                    bounds[bestUnit] = e
                    next = min(next, e)
                } else {
                    bounds[bestUnit] = .max
                }
            }
            s.pointee.quickCycle = next
            s.pointee.quickValid = true
        }
        return true
    }

    /// Issues `unit`'s cached candidate (legal now).
    @inline(__always)
    func issueCandidate(of unit: Int) {
        let best = candidates[unit]
        let command = best.command, request = best.request
        if command.isColumn {
            issueColumn(command, unit: unit, request: request, previous: best.previous)
        } else {
            if command.opensRow, request >= 0 { pool[Int(request)].activated = true }
            issue(command, unit: unit, row: best.row, request: request)
        }
    }

    /// Computes `unit`'s candidate for the current mode into the candidate arrays: the column
    /// command of the oldest request of this mode that hits the open row, else a precharge
    /// (conflict, or closed page with no queued hit) or an activation (closed) for the oldest
    /// request. Returns false when the unit has nothing to do.
    @inline(__always)
    func chooseCandidate(_ unit: Int, writeMode: Bool) -> Bool {
        let q = unit * 2 + (writeMode ? 1 : 0)
        let open = unitRow(unit)
        let command: DRAMCommand
        var request: Int32 = -1, previous: Int32 = -1, hit = false, row: Int32 = -1
        let first = head[q]
        if open >= 0 {
            // Oldest request of this mode that hits the open row.
            var p: Int32 = -1, slot = first
            while slot >= 0, pool[Int(slot)].row != open { p = slot; slot = pool[Int(slot)].next }
            if slot >= 0 {
                request = slot; previous = p; hit = true; row = open
                command = unitColumn[q]
            } else if first >= 0 || (closedPage && !hasHit(unit: unit, row: open)) {
                command = unitPrecharge[unit]; request = first
            } else { return false }
        } else if first < 0 {
            if open == -2 && closedPage { command = unitPrecharge[unit] } else { return false }
        } else if open == -1 {
            command = unitActivate[unit]; request = first; row = pool[Int(first)].row
        } else {
            command = unitPrecharge[unit]; request = first
        }
        candidates[unit] = Candidate(sequence: request >= 0 ? pool[Int(request)].sequence : Int64.max, request: request,
                                     previous: previous, row: row, command: command, hit: hit)
        return true
    }

    /// Whether any queued request of `unit` (either queue) hits `row`.
    func hasHit(unit: Int, row: Int32) -> Bool {
        for q in unit * 2...unit * 2 + 1 {
            var slot = head[q]
            while slot >= 0 { if pool[Int(slot)].row == row { return true }; slot = pool[Int(slot)].next }
        }
        return false
    }

    /// Drops units with no queued request (and, for closed-page, no open row) from the active list.
    func removeIdleUnits() {
        var kept = 0
        for i in 0..<s.pointee.activeCount {
            let unit = Int(active[i])
            let empty = head[unit * 2] < 0 && head[unit * 2 + 1] < 0
            let needsClose = closedPage && unitRow(unit) != -1
            if empty && !needsClose { isActive[unit] = false } else { active[kept] = active[i]; kept += 1 }
        }
        s.pointee.activeCount = kept
    }

    /// Issues the column command of request `slot` (after `p` in its FIFO) and retires the request.
    @inline(__always)
    func issueColumn(_ command: DRAMCommand, unit: Int, request slot: Int32, previous p: Int32) {
        let request = pool[Int(slot)]
        // `issue` without its row-command work (a column command changes no bank state and
        // opens no row), inlined: this is the command nearly every request ends with.
        let now = s.pointee.now
        state.record(command, unit: unit, row: request.row, at: now)
        s.pointee.counters.commandCounts[Int(command.rawValue)] &+= 1
        if recordTrace { appendTrace(command, unit: unit, row: request.row, request: slot, at: now) }
        // Unlink from its FIFO.
        let write = request.write
        let q = unit * 2 + (write ? 1 : 0)
        let n = request.next
        if p >= 0 { pool[Int(p)].next = n } else { head[q] = n }
        if tail[q] == slot { tail[q] = p }
        cachedEarliest[unit] = .min
        let completion = now + (write ? writeCompletion : readCompletion)
        countLane(pathRaw: Int(request.path), write: write, -1)
        if write { s.pointee.writeCount -= 1 } else { s.pointee.readCount -= 1 }
        s.pointee.counters.recordLatency(completion - request.admit)
        if completion > s.pointee.counters.lastCompletionCycle { s.pointee.counters.lastCompletionCycle = completion }
        s.pointee.counters.bytesByPath[Int(request.path)] += unitBytes[unit]
        if !request.activated { s.pointee.counters.rowHits += 1 }
        freeSlots[s.pointee.freeCount] = slot
        s.pointee.freeCount += 1
        if head[unit * 2] < 0 && head[unit * 2 + 1] < 0 && !closedPage { leaveActiveList(unit) }
    }

    /// Records `command` (legal now) in the timing state, resets the cached bounds of units whose
    /// candidate a row command may change, and counts and traces it.
    func issue(_ command: DRAMCommand, unit: Int, row: Int32, request: Int32) {
        let now = s.pointee.now
        state.record(command, unit: unit, row: row, at: now)
        let rank = Int(unitRank[unit])
        if command.isRow {
            // Bank state changed: candidates of units sharing a bank with this one may change. A
            // bank command touches its bank, its bundle and its rank unit; wider commands touch
            // every unit of the rank.
            if unit < banks && command != .prea && command != .ref {
                cachedEarliest[unit] = .min
                cachedEarliest[Int(bankBundleUnit[unit])] = .min
                cachedEarliest[Int(rankUnit[rank])] = .min
            } else {
                for i in 0..<s.pointee.activeCount where Int(unitRank[Int(active[i])]) == rank { cachedEarliest[Int(active[i])] = .min }
            }
        }
        s.pointee.counters.commandCounts[Int(command.rawValue)] += 1
        if command.opensRow { s.pointee.counters.bankActivations += unitBanks[unit] }
        if recordTrace { appendTrace(command, unit: unit, row: row, request: request, at: now) }
    }

    /// Appends `command` (issued at `now` to `unit`, for `request` or -1) to the trace.
    func appendTrace(_ command: DRAMCommand, unit: Int, row: Int32, request: Int32, at now: Int64) {
        let column = command.isColumn && request >= 0 ? Int(pool[Int(request)].column) : -1
        s.pointee.trace.append(DRAMTraceEntry(cycle: now, command: command, pseudoChannel: pseudoChannel, rank: Int(unitRank[unit]),
                                              bankGroup: Int(unitTraceGroup[unit]), bank: Int(unitTraceBank[unit]),
                                              row: command.opensRow || command.isColumn ? Int(row) : -1, column: column))
    }
}
