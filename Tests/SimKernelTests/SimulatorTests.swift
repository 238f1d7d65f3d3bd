import Testing
import Units
@testable import SimKernel

@Suite struct SimulatorTests {
    @Test func ordersByTimeThenPriorityThenInsertion() {
        let sim = Simulator()
        var log: [String] = []
        sim.schedule(at: .ns(2), priority: .normal) { log.append("t2-normal") }
        sim.schedule(at: .ns(1), priority: .latest) { log.append("t1-latest-a") }
        sim.schedule(at: .ns(1), priority: .earliest) { log.append("t1-earliest") }
        sim.schedule(at: .ns(1), priority: .latest) { log.append("t1-latest-b") }
        sim.schedule(at: .ns(1), priority: .issue) { log.append("t1-issue") }
        sim.schedule(at: .ns(1), priority: .release) { log.append("t1-release") }
        sim.run()
        #expect(log == ["t1-earliest", "t1-release", "t1-issue", "t1-latest-a", "t1-latest-b", "t2-normal"])
        #expect(sim.now == .ns(2))
        #expect(sim.executedEventCount == 6)
    }

    @Test func shuffledInsertionOfDistinctKeysGivesOneOrder() {
        let priorities: [EventPriority] = [.earliest, .release, .delivery, .normal, .issue, .statistics, .latest]
        // 5 times x 7 priorities, all at few instants.
        let keys = (0..<5).flatMap { t in priorities.map { (Int64(t % 3), $0) } }
            .enumerated().map { (id: $0.offset, time: $0.element.0, priority: $0.element.1) }
        var reference: [Int]?
        for seed in UInt64(1)...200 {
            var rng = SplitMix64(seed: seed)
            let sim = Simulator()
            var order: [Int] = []
            // Same (time, priority) pairs occur more than once; give each duplicate a distinct
            // time offset so every key is distinct, then shuffle insertion.
            var seen: [String: Int] = [:]
            let distinct = keys.map { k -> (Int, SimTime, EventPriority) in
                let tag = "\(k.time)-\(k.priority.rank)"
                let dup = seen[tag, default: 0]
                seen[tag] = dup + 1
                return (k.id, .ps(k.time * 10 + Int64(dup)), k.priority)
            }
            for (id, time, priority) in distinct.shuffled(using: &rng) {
                sim.schedule(at: time, priority: priority) { order.append(id) }
            }
            sim.run()
            if let reference { #expect(order == reference, "seed \(seed)") } else { reference = order }
        }
    }

    @Test func sameKeyRunsInInsertionOrderForEverySeed() {
        for seed in UInt64(1)...50 {
            var rng = SplitMix64(seed: seed)
            let sim = Simulator()
            var ran: [Int] = []
            let ids = Array(0..<100).shuffled(using: &rng)
            for id in ids { sim.schedule(at: .ns(5)) { ran.append(id) } }
            sim.run()
            #expect(ran == ids, "seed \(seed)")
        }
    }

    @Test func runUntilIsInclusiveAndAdvancesTime() {
        let sim = Simulator()
        var ran: [Int64] = []
        for t: Int64 in [10, 20, 20, 21, 30] { sim.schedule(at: .ps(t)) { ran.append(t) } }
        #expect(sim.run(until: .ps(20)) == 3)
        #expect(ran == [10, 20, 20])
        #expect(sim.now == .ps(20))
        #expect(sim.pendingEventCount == 2)
        #expect(sim.run(until: .ps(25)) == 1)
        #expect(sim.now == .ps(25))
        #expect(sim.nextEventTime == .ps(30))
        #expect(sim.run(until: .ps(25)) == 0)
        sim.run()
        #expect(ran == [10, 20, 20, 21, 30])
        #expect(!sim.step())
    }

    @Test func eventsScheduledDuringRunUntilAtTheBoundaryRun() {
        let sim = Simulator()
        var ran = 0
        sim.schedule(at: .ps(5)) { sim.schedule(after: .ps(5)) { ran += 1 } }
        sim.run(until: .ps(10))
        #expect(ran == 1)
    }

    @Test func scheduleAfterUsesNow() {
        let sim = Simulator()
        var at: SimTime?
        sim.schedule(at: .ns(3)) { sim.schedule(after: .ns(4)) { at = sim.now } }
        sim.run()
        #expect(at == .ns(7))
    }

    @Test func cancelledEventsNeverRun() {
        let sim = Simulator()
        var ran: [Int] = []
        let a = sim.schedule(at: .ns(1)) { ran.append(1) }
        sim.schedule(at: .ns(2)) { ran.append(2) }
        #expect(sim.cancel(a))
        #expect(!sim.cancel(a))
        #expect(sim.pendingEventCount == 1)
        #expect(sim.nextEventTime == .ns(2))
        sim.run()
        #expect(ran == [2])
        #expect(!sim.cancel(a))
    }

    @Test func schedulingInThePastStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            let sim = Simulator()
            sim.schedule(at: .ns(10)) {}
            sim.run()
            sim.schedule(at: .ns(5)) {}
        }
    }
}
