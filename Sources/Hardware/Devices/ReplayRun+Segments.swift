import Units
import Workloads

/// Segment memoisation (docs/devices.md, "Segment memoisation").
///
/// Inside a stage, operator i is a *cut* when no in-stage dependency edge jumps over it (no edge
/// k -> j with k < i < j), every earlier operator of the stage has an in-stage dependent (so all
/// of them reach i), and every later operator has an in-stage dependency. Once a cut has ended,
/// every earlier operator has ended, and every booking ends no later than its operator (checked
/// in `start`), so every resource is idle; every later operator starts at or after the cut's end
/// and no event of an earlier operator is pending. The operators between two cuts (a *segment*)
/// are therefore an independent problem that starts with idle resources at the previous cut's end
/// (the stage start for the first): their timings relative to that start, units, bytes,
/// energies, bookings and events are a function of the segment's content alone
/// (`SegmentKeyBuilder`), and a segment equal to one seen before is copied instead of simulated.
extension ReplayRun {
    /// Runs the stage `range` from `stageStart` segment by segment; returns the stage's end.
    func runSegments(_ range: ClosedRange<Int>, from stageStart: SimTime, memo: SegmentMemo,
                     reuse: inout SegmentReuse) -> SimTime {
        let first = range.lowerBound, last = range.upperBound
        // suffixMinimum[i - first] = the smallest in-stage dependency of operators i...last
        // (-1 for an operator without one).
        var suffixMinimum = take(&self.suffixMinimum)
        Self.fill(&suffixMinimum, count: last - first + 2, with: Int32.max)
        let dependencyStart = self.dependencyStart, dependencyList = self.dependencyList, dependentStart = self.dependentStart
        for i in stride(from: last, through: first, by: -1) {
            var smallest: Int32 = -1
            let deps = Int(dependencyStart[i])..<Int(dependencyStart[i + 1])
            if !deps.isEmpty {
                smallest = Int32.max
                for k in deps { smallest = min(smallest, dependencyList[k]) }
            }
            suffixMinimum[i - first] = min(smallest, suffixMinimum[i - first + 1])
        }
        defer { self.suffixMinimum = suffixMinimum }
        var segmentStart = first
        var time = stageStart
        var allHaveDependents = true
        for i in range {
            let isCut = allHaveDependents && suffixMinimum[i - first + 1] >= Int32(i)
            if dependentStart[i + 1] == dependentStart[i] { allHaveDependents = false }
            if isCut && i > segmentStart {
                // The operators before the cut, then the cut alone: every operator before it is
                // its ancestor, so it starts exactly when the last of them ends, with every
                // resource idle. Kept apart, a cut that spans every device (a collective) does
                // not join the device-disjoint groups before it into one (runSegment).
                time = runSegment(segmentStart...(i - 1), from: time, memo: memo, reuse: &reuse)
                segmentStart = i
            }
            if isCut || i == last {
                time = runSegment(segmentStart...i, from: time, memo: memo, reuse: &reuse)
                segmentStart = i + 1
            }
        }
        return time
    }

    /// Runs (or copies) the segment `range`, whose resources are idle from `start`; returns its end.
    ///
    /// The segment is first split into *groups*: operators joined by an in-segment dependency or
    /// by sharing a device fall in one group (union-find). Every resource belongs to one device
    /// (`DeviceResources`), so groups share no resource and no dependency: each is an
    /// independent problem starting at `start` with idle resources, and is memoised on its own
    /// (the experts of different expert-parallel ranks, for example, are separate groups, so a
    /// layer whose routing differs only on one rank reuses the others). The members of every
    /// group are listed once (CSR by root); a segment of one operator (most: norms, projections,
    /// collectives, routers) is its own group, without the union-find.
    private func runSegment(_ range: ClosedRange<Int>, from start: SimTime, memo: SegmentMemo,
                            reuse: inout SegmentReuse) -> SimTime {
        let s = range.lowerBound, m = range.count
        var members = take(&self.memberScratch)
        var local = take(&self.localScratch)
        defer { self.memberScratch = members; self.localScratch = local }
        // Scratch arrays keep their largest size; only their first m (m + 1) entries are used.
        Self.fill(&members, count: m, with: 0)
        Self.fill(&local, count: m, with: 0)
        if m == 1 {
            // Its dependencies all precede it: none lies inside the segment.
            pending[s] = 0
            members[0] = Int32(s)
            return runGroup(members, 0..<1, local: local, of: range, from: start, memo: memo, reuse: &reuse)
        }
        var pending = take(&self.pending)
        var group = take(&self.groupScratch)
        var owner = take(&self.deviceOwnerScratch)
        var first = take(&self.groupStartScratch)
        Self.fill(&group, count: m, with: 0)
        group.withUnsafeMutableBufferPointer { g in for k in 0..<m { g[k] = Int32(k) } }
        Self.fill(&owner, count: devices.count, with: -1)
        Self.fill(&first, count: m + 1, with: 0)
        let dependencyStart = self.dependencyStart, dependencyList = self.dependencyList
        let ranges = self.ranges
        do {
            group.withUnsafeMutableBufferPointer { g in
                owner.withUnsafeMutableBufferPointer { o in
                    for i in range {
                        let k = Int32(i - s)
                        var inSegment: Int32 = 0
                        for d in Int(dependencyStart[i])..<Int(dependencyStart[i + 1]) where Int(dependencyList[d]) >= s {
                            inSegment += 1
                            Self.union(k, dependencyList[d] - Int32(s), in: g)
                        }
                        pending[i] = inSegment
                        for device in ranges[i] {
                            if o[device] < 0 { o[device] = k } else { Self.union(k, o[device], in: g) }
                        }
                    }
                    for k in 0..<m { g[k] = Self.root(Int32(k), in: g) }
                }
            }
            // Members by root (counting sort, ascending inside a group). After the fill, first[r]
            // holds the end of root r's list (the start of the next).
            group.withUnsafeBufferPointer { g in
                first.withUnsafeMutableBufferPointer { f in
                    members.withUnsafeMutableBufferPointer { mb in
                        for k in 0..<m { f[Int(g[k]) + 1] += 1 }
                        for r in 0..<m { f[r + 1] += f[r] }
                        for k in 0..<m {
                            let r = Int(g[k])
                            mb[Int(f[r])] = Int32(s + k)
                            f[r] += 1
                        }
                    }
                }
            }
        }
        self.pending = pending
        self.deviceOwnerScratch = owner
        defer { self.groupScratch = group; self.groupStartScratch = first }
        var end = start
        // Groups in the order of their first operator (their root), members ascending.
        for r in 0..<m where group[r] == Int32(r) {
            let span = Int(r == 0 ? 0 : first[r - 1])..<Int(first[r])
            for n in span { local[Int(members[n]) - s] = Int32(n - span.lowerBound) }
            end = max(end, runGroup(members, span, local: local, of: range, from: start, memo: memo, reuse: &reuse))
        }
        return end
    }

    /// Sets the first `count` entries of `array` to `value`, growing it when shorter (entries
    /// beyond `count` keep stale values: callers read only the first `count`).
    @inline(__always)
    private static func fill(_ array: inout [Int32], count: Int, with value: Int32) {
        if array.count < count { array.append(contentsOf: repeatElement(value, count: count - array.count)) }
        array.withUnsafeMutableBufferPointer { buffer in for k in 0..<count { buffer[k] = value } }
    }

    /// The root of `k` in the union-find forest `parent` (paths compressed on the way).
    @inline(__always)
    private static func root(_ k: Int32, in parent: UnsafeMutableBufferPointer<Int32>) -> Int32 {
        var r = k
        while parent[Int(r)] != r { r = parent[Int(r)] }
        var x = k
        while parent[Int(x)] != r { let next = parent[Int(x)]; parent[Int(x)] = r; x = next }
        return r
    }

    /// Joins the sets of `a` and `b`; the smaller position becomes the root.
    @inline(__always)
    private static func union(_ a: Int32, _ b: Int32, in parent: UnsafeMutableBufferPointer<Int32>) {
        let ra = root(a, in: parent), rb = root(b, in: parent)
        if ra != rb { parent[Int(max(ra, rb))] = min(ra, rb) }
    }

    /// Runs (or copies) the group `members[span]` (operator positions, ascending) of the segment
    /// `range`, whose positions inside the group are `local` (by position in the segment);
    /// returns their last end.
    private func runGroup(_ members: [Int32], _ span: Range<Int>, local: [Int32], of range: ClosedRange<Int>,
                          from start: SimTime, memo: SegmentMemo, reuse: inout SegmentReuse) -> SimTime {
        reuse.segments += 1
        let s = range.lowerBound
        var key = segmentKey
        segmentKey = SegmentKeyBuilder()
        key.reset()
        let dependencyStart = self.dependencyStart, dependencyList = self.dependencyList
        let placements = self.placements, ranges = self.ranges, pending = self.pending
        operators.withUnsafeBufferPointer { ops in
            dependencyList.withUnsafeBufferPointer { deps in
                for n in span {
                    let i = Int(members[n])
                    let mine = UnsafeBufferPointer(rebasing: deps[Int(dependencyStart[i])..<Int(dependencyStart[i + 1])])
                    let op = ops.baseAddress! + i
                    key.append(op, range: ranges[i],
                               target: placements[i], dependencies: pending[i], segmentStart: s, dependencyList: mine,
                               localPosition: local)
                }
            }
        }
        segmentKey = key
        if let e = memo.lookup(key) {
            var timed = take(&self.timed)
            timed.withUnsafeMutableBufferPointer { timed in
                members.withUnsafeBufferPointer { members in
                    memo.withTimings(of: e) { timings in
                        for n in span { timed[Int(members[n])] = timings[n - span.lowerBound].shifted(by: start) }
                    }
                }
            }
            self.timed = timed
            let entry = memo.entry(e)
            reuse.reused += 1
            reuse.events += entry.events
            reuse.bookings += entry.bookings
            return start + entry.duration
        }
        // Simulated from `simulatedStart`: `start`, or the clock when an earlier group of this
        // segment has run it past `start`. Every resource is idle then (earlier simulations ran
        // to completion, and bookings end with their operators), and booking is invariant under a
        // shift of time (ReplayRun), so the timings relative to it are those from `start`.
        let eventsBefore = events.executedEventCount, booked = bookings
        let simulatedStart = max(start, events.now)
        events.advance(to: simulatedStart)
        limit = range.upperBound
        beginLockstep(lockstepDevices(members, span))
        for n in span where self.pending[Int(members[n])] == 0 { self.start(Int(members[n]), at: simulatedStart) }
        runEvents()
        endLockstep()
        var duration = SimTime.zero
        var timings: [TimedOperator] = []
        timings.reserveCapacity(span.count)
        var timed = take(&self.timed)
        for n in span {
            let i = Int(members[n])
            guard timed[i].start != .max else { preconditionFailure("operator \(operators[i].id) never ran (dependency cycle)") }
            let relative = timed[i].relative(to: simulatedStart)
            duration = max(duration, relative.end)
            timings.append(relative)
            timed[i] = relative.shifted(by: start)
        }
        self.timed = timed
        memo.store(key, timings: timings, duration: duration, events: events.executedEventCount - eventsBefore, bookings: bookings - booked)
        return start + duration
    }
}
