import Testing
@testable import Units

@Suite struct ClockDomainTests {
    let tck = ClockDomain(name: "hbm3.tCK", period: .ps(769))
    let pim = ClockDomain(name: "logic-pim", frequency: .mhz(650))

    @Test func integerPeriodIsExactAtOneBillionCycles() {
        #expect(tck.time(ofCycle: 1_000_000_000) == .ps(769_000_000_000))
        #expect(tck.cycle(containing: .ps(769_000_000_000)) == 1_000_000_000)
        #expect(tck.cycle(containing: .ps(769_000_000_000 - 1)) == 999_999_999)
    }

    @Test func rationalPeriodDoesNotDrift() {
        // 650 MHz: period 10^12/650e6 = 20000/13 ps. Cycle 1e9 is at exactly 1538461538461.538... ps.
        #expect(pim.periodNumerator == 20_000 && pim.periodDenominator == 13)
        #expect(pim.time(ofCycle: 1_000_000_000) == .ps(1_538_461_538_462))
        #expect(pim.time(ofCycle: 13_000_000_000) == .ps(20_000_000_000_000))  // an exact multiple
        // Summing rounded periods would drift by ~0.46 ps per cycle; absolute conversion never does.
        #expect(pim.cycle(containing: .ps(1_538_461_538_462)) == 1_000_000_000)
        #expect(pim.cycle(containing: .ps(1_538_461_538_461)) == 999_999_999)
    }

    @Test func edgesAreConsistentOverRandomTimes() {
        for seed in UInt64(1)...20 {
            var rng = SplitMixForTests(seed: seed)
            for clock in [tck, pim, ClockDomain(name: "c", frequency: Frequency(hertz: 1_300_000_000))] {
                for _ in 0..<200 {
                    let t = SimTime(picoseconds: Int64(rng.next() % 10_000_000_000_000_000))
                    let n = clock.firstCycle(atOrAfter: t)
                    #expect(clock.time(ofCycle: n) >= t, "seed \(seed) clock \(clock) t \(t)")
                    if n > 0 { #expect(clock.time(ofCycle: n - 1) < t, "seed \(seed) clock \(clock) t \(t)") }
                    let c = clock.cycle(containing: t)
                    #expect(c <= n && n <= c + 1, "seed \(seed)")
                }
            }
        }
    }

    @Test func frequencyTextAndPeriod() throws {
        #expect(try Frequency(parsing: "650MHz") == .mhz(650))
        #expect(try Frequency(parsing: "1.3GHz").hertz == 1_300_000_000)
        #expect(Frequency(hertz: 1_300_000_000).description == "1.3GHz")
        #expect(Frequency.mhz(650).description == "650MHz")
        #expect(ClockDomain(name: "x", frequency: .mhz(650)).approximatePeriod == .ps(1538))
        #expect(throws: UnitParseError.self) { try Frequency(parsing: "0.5Hz") }
        #expect(throws: UnitParseError.self) { try Frequency(parsing: "650") }
    }
}
