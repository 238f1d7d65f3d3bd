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
        suffixMinimum.removeAll(keepingCapacity: true)
        suffixMinimum.append(contentsOf: repeatElement(Int32.max, count: last - first + 2))
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
            if isCut || i == last {
                time = runSegment(segmentStart...i, from: time, memo: memo, reuse: &reuse)
                segmentStart = i + 1
            }
        }
        return time
    }

    /// Runs (or copies) the segment `range`, whose resources are idle from `start`; returns its end.
    private func runSegment(_ range: ClosedRange<Int>, from start: SimTime, memo: SegmentMemo,
                            reuse: inout SegmentReuse) -> SimTime {
        reuse.segments += 1
        // Key and in-segment dependency counts, on local arrays (no class-property checks).
        var key = segmentKey, pending = take(&self.pending)
        segmentKey = SegmentKeyBuilder()
        let dependencyStart = self.dependencyStart, dependencyList = self.dependencyList
        let placements = self.placements, layout = self.layout
        let s = range.lowerBound
        key.reset()
        operators.withUnsafeBufferPointer { ops in
            dependencyList.withUnsafeBufferPointer { deps in
                for i in range {
                    let mine = UnsafeBufferPointer(rebasing: deps[Int(dependencyStart[i])..<Int(dependencyStart[i + 1])])
                    var inSegment: Int32 = 0
                    for j in mine where Int(j) >= s { inSegment += 1 }
                    pending[i] = inSegment
                    let op = ops.baseAddress! + i
                    key.append(op, range: layout.deviceRange(kind: op.pointee.kind, expert: op.pointee.expert, shards: op.pointee.shards),
                               target: placements[i], dependencies: inSegment, segmentStart: s, dependencyList: mine)
                }
            }
        }
        self.pending = pending
        segmentKey = key
        if let entry = memo.lookup(key) {
            var timed = take(&self.timed)
            var i = s
            for t in entry.timings {
                timed[i] = t.shifted(by: start)
                i += 1
            }
            self.timed = timed
            reuse.reused += 1
            reuse.events += entry.events
            reuse.bookings += entry.bookings
            return start + entry.duration
        }
        let events = simulator.executedEventCount, booked = bookings
        simulator.run(until: start)
        limit = range.upperBound
        for i in range where self.pending[i] == 0 { self.start(i, at: start) }
        simulator.run()
        var end = start
        let timed = self.timed
        for i in range {
            guard timed[i].start != .max else { preconditionFailure("operator \(operators[i].id) never ran (dependency cycle)") }
            end = max(end, timed[i].end)
        }
        memo.store(key, entry: SegmentMemo.Entry(timings: range.map { timed[$0].relative(to: start) },
                                                 duration: end - start, events: simulator.executedEventCount - events,
                                                 bookings: bookings - booked))
        return end
    }
}
