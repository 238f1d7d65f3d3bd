import Testing
import Units
@testable import SimKernel

@Suite struct LinkTests {
    @Test func deliversAfterLatencyInSendOrder() throws {
        let sim = Simulator()
        var received: [(SimTime, Int)] = []
        let port = InPort<Int>(name: "sink.in") { received.append((sim.now, $0)) }
        let link = try Link(name: "wire", simulator: sim, latency: .ns(130), destination: port)
        let out = OutPort<Int>(name: "source.out")
        out.connect(to: link)
        sim.schedule(at: .ns(10)) { out.send(1); out.send(2) }
        sim.schedule(at: .ns(20)) { out.send(3) }
        sim.run()
        #expect(received.map(\.0) == [.ns(140), .ns(140), .ns(150)])
        #expect(received.map(\.1) == [1, 2, 3])
        guard case .counter(let sent) = sim.statistics.statistic(at: "wire.messages") else {
            Issue.record("link did not register its counter"); return
        }
        #expect(sent.value == 3)
    }

    @Test func deliveryPrecedesNormalWorkAtTheSameInstant() throws {
        let sim = Simulator()
        var log: [String] = []
        let port = InPort<String>(name: "in") { log.append($0) }
        let link = try Link(name: "l", simulator: sim, latency: .ns(5), destination: port)
        sim.schedule(at: .ns(5)) { log.append("normal") }  // scheduled first, same instant
        link.send("message")
        sim.run()
        #expect(log == ["message", "normal"])
    }
}

@Suite struct StatisticsTests {
    @Test func duplicatePathIsAnError() throws {
        let registry = StatisticsRegistry()
        _ = try registry.counter("stack0.act", unit: "count", description: "activations")
        #expect(throws: StatisticsError.duplicatePath("stack0.act")) {
            try registry.accumulator("stack0.act", unit: "ns", description: "again")
        }
    }

    @Test(arguments: ["", "a..b", ".a", "a b", "a.b."])
    func invalidPathsAreRejected(path: String) {
        #expect(throws: StatisticsError.invalidPath(path)) {
            try StatisticsRegistry().counter(path, unit: "count", description: "x")
        }
    }

    @Test func unitIsRequired() {
        #expect(throws: StatisticsError.missingUnit(path: "a")) {
            try StatisticsRegistry().counter("a", unit: "", description: "x")
        }
    }

    @Test func valuesAndListing() throws {
        let registry = StatisticsRegistry()
        let c = try registry.counter("z.count", unit: "count", description: "c")
        let a = try registry.accumulator("a.latency", unit: "ns", description: "a")
        let h = try registry.histogram("m.hist", unit: "ns", description: "h", bucketEdges: [10, 20, 40])
        c.add(5); c.increment()
        for x in [5.0, 15, 25] { a.record(x); h.record(x) }
        h.record(100)
        #expect(c.value == 6)
        #expect(a.mean == 15 && a.minimum == 5 && a.maximum == 25 && a.count == 3)
        #expect(h.counts == [1, 1, 1, 1])
        #expect(h.quantileUpperBound(0.5) == 20)
        #expect(h.quantileUpperBound(1.0) == nil)
        #expect(registry.all.map(\.info.path) == ["a.latency", "m.hist", "z.count"])
        #expect(throws: StatisticsError.invalidBuckets(path: "bad")) {
            try registry.histogram("bad", unit: "ns", description: "", bucketEdges: [2, 1])
        }
    }
}
