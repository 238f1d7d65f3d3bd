import Testing
import Units
@testable import SimKernel

/// The tag-based event loop orders events as the simulator does: by time, then priority rank,
/// then insertion order.
@Suite struct TaggedEventLoopTests {
    @Test func popsInTimePriorityInsertionOrder() {
        let loop = TaggedEventLoop()
        let simulator = Simulator()
        var expected: [UInt32] = []
        let plan: [(Int64, EventPriority)] = [(30, .normal), (10, .release), (10, .normal), (10, .release), (20, .earliest),
                                              (10, .latest), (30, .release), (20, .earliest)]
        for (tag, (time, priority)) in plan.enumerated() {
            loop.schedule(at: SimTime(picoseconds: time), priority: priority, tag: UInt32(tag))
            simulator.schedule(at: SimTime(picoseconds: time), priority: priority) { expected.append(UInt32(tag)) }
        }
        simulator.run()
        var popped: [UInt32] = [], times: [Int64] = []
        while let tag = loop.next() {
            popped.append(tag)
            times.append(loop.now.picoseconds)
        }
        #expect(popped == expected)
        #expect(times == times.sorted() && times.last == 30)
        #expect(loop.executedEventCount == Int64(plan.count) && loop.isEmpty)
        loop.advance(to: SimTime(picoseconds: 55))
        #expect(loop.now.picoseconds == 55)
    }
}
