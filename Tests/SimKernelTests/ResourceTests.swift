import Testing
import Units
@testable import SimKernel

@Suite struct ResourceTests {
    @Test func sharedResourceSerialisesAndDistinctOnesOverlap() throws {
        let sim = Simulator()
        let bundle0 = try Resource(name: "stack0.bundle0", simulator: sim)
        let bundle1 = try Resource(name: "stack0.bundle1", simulator: sim)
        let a = bundle0.reserve(for: .ns(100), notBefore: .zero)
        let b = bundle0.reserve(for: .ns(50), notBefore: .ns(10))  // waits for a
        let c = bundle1.reserve(for: .ns(50), notBefore: .ns(10))  // overlaps a
        #expect(a == (.zero, .ns(100)))
        #expect(b == (.ns(100), .ns(150)))
        #expect(c == (.ns(10), .ns(60)))
        #expect(bundle0.busyTime == .ns(150))
        #expect(bundle0.utilisation(over: .ns(150)) == 1)
    }

    @Test func jointBookingWaitsForAllResources() throws {
        let sim = Simulator()
        let bus = try Resource(name: "bus", simulator: sim)
        let bank = try Resource(name: "bank", simulator: sim)
        bus.reserve(for: .ns(30), notBefore: .zero)
        bank.reserve(for: .ns(70), notBefore: .zero)
        let joint = Resource.reserve([bus, bank], for: .ns(10), notBefore: .ns(5))
        #expect(joint == (.ns(70), .ns(80)))
        #expect(bus.freeAt == .ns(80) && bank.freeAt == .ns(80))
    }

    @Test func neverStartsBeforeNow() throws {
        let sim = Simulator()
        let r = try Resource(name: "r", simulator: sim)
        var booked: (SimTime, SimTime)?
        sim.schedule(at: .ns(40)) { booked = r.reserve(for: .ns(5), notBefore: .zero) }
        sim.run()
        #expect(booked! == (.ns(40), .ns(45)))
    }
}
