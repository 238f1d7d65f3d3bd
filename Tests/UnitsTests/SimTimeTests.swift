import Testing
@testable import Units

@Suite struct SimTimeTests {
    @Test(arguments: [
        ("13.75ns", Int64(13_750)), ("769ps", 769), ("3.9us", 3_900_000), ("3.9µs", 3_900_000),
        ("450ns", 450_000), ("1s", 1_000_000_000_000), ("2.5ms", 2_500_000_000), ("1e-6s", 1_000_000),
        (" 7 ns ", 7_000), ("0ps", 0),
    ])
    func parsesExactly(text: String, picoseconds: Int64) throws {
        #expect(try SimTime(parsing: text).picoseconds == picoseconds)
    }

    @Test(arguments: ["13.75ns", "769ps", "3.9us", "450ns", "1s", "2.5ms", "1.000001ms"])
    func printsWhatItParses(text: String) throws {
        #expect(try SimTime(parsing: text).description == text)
    }

    @Test func roundTripsEveryMagnitude() throws {
        var rng = SplitMixForTests(seed: 7)
        for _ in 0..<2000 {
            let t = SimTime(picoseconds: Int64(rng.next() % 1_000_000_000_000_000))
            #expect(try SimTime(parsing: t.description) == t, "seed 7, value \(t.picoseconds)")
        }
    }

    @Test(arguments: [
        ("13.75", "a unit is required"), ("13.75xs", "unknown unit \"xs\""), ("ns", "no number"),
        ("1.5ps", "not a whole number of picoseconds"), ("abc", "unknown unit \"abc\""),
    ])
    func rejectsBadText(text: String, reason: String) {
        do {
            _ = try SimTime(parsing: text)
            Issue.record("\"\(text)\" should not parse")
        } catch let error as UnitParseError {
            #expect(error.description.contains(reason), "\(error)")
            #expect(error.description.contains("\"\(text)\""))
            #expect(error.acceptedUnits.contains("ns"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func arithmetic() {
        #expect(SimTime.ns(2) + .ps(5) == .ps(2_005))
        #expect(SimTime.us(1) - .ns(1) == .ps(999_000))
        #expect(SimTime.ps(769) * 19 == .ps(14_611))
        #expect(SimTime.ns(10) / SimTime.ns(40) == 0.25)
        #expect(SimTime(secondsRoundingUp: 1.0000000000001e-12) == .ps(2))
        #expect(SimTime.ms(3).seconds == 0.003)
    }

    @Test func overflowStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            _ = SimTime.max + .ps(1)
        }
    }
}

/// A tiny seeded generator for tests of this module (SimKernel's SplitMix64 is not imported here).
struct SplitMixForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
