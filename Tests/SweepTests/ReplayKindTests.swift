import Foundation
import Testing
@testable import Sweep

@Suite struct ReplayKindTests {
    static let spec = """
        {"name": "tiny-replay", "kind": "replay", "seed": 7,
         "base": {"model": "tiny-moe", "phase": "decode", "batch": 8, "lin": 64, "lout": 16, "samples": 1, "seed": 1,
                  "accounting": "paper", "routing": "uniform", "placement": "duplex", "system": "duplex"},
         "axes": [{"path": "placement", "values": ["gpu", "duplex"]},
                  {"path": "memoryRates", "values": ["dram", "peak"]},
                  {"path": "system.device.memoryProcessor.internalBandwidthMultiplier", "values": [2, 8]}]}
        """

    @Test func replayPointsAreDeterministicAndSeeTheHardware() throws {
        let kind = ReplayPointKind(environment: SweepFixtures.environment)
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.spec), kind: kind, source: "spec.json")
        let one = try SweepRunner(plan: plan, directory: SweepFixtures.temporaryDirectory("replay1"), jobs: 1).run()
        let two = try SweepRunner(plan: plan, directory: SweepFixtures.temporaryDirectory("replay2"), jobs: 2).run()
        #expect(try SweepFixtures.read(one.resultsFile) == SweepFixtures.read(two.resultsFile))
        let table = try SweepFiles.readTable(one.resultsFile)
        func time(_ row: Int) -> Double { Double(table.cell(row, "stage_time_us"))! }
        // Rows: placement (gpu, duplex) x memoryRates (dram, peak) x multiplier (2, 8).
        #expect(time(0) > 0 && time(0) == time(1) && time(0) == time(2), "gpu placement ignores the PIM paths")
        #expect(time(4) == time(5), "DRAM-measured PIM rates do not depend on the TSV multiplier")
        #expect(time(6) > time(7), "with peak rates, 8x TSVs beat 2x")
        #expect(Double(table.cell(4, "attention_pim_busy_us"))! > 0 && table.cell(0, "attention_pim_busy_us") == "")
        let systems = try #require(two.caches.first { $0.name == "device system models" })
        #expect(systems.entries == 4)
    }

    @Test func replayDocumentsAreChecked() throws {
        let kind = ReplayPointKind(environment: SweepFixtures.environment)
        func paths(_ axes: String, kind name: String = "replay") throws -> [String] {
            let text = Self.spec.replacingOccurrences(of: #""kind": "replay""#, with: #""kind": "\#(name)""#)
                .replacingOccurrences(of: #"{"path": "placement", "values": ["gpu", "duplex"]},"#, with: "")
                .replacingOccurrences(of: #"{"path": "memoryRates", "values": ["dram", "peak"]},"#, with: "")
                .replacingOccurrences(of: #"{"path": "system.device.memoryProcessor.internalBandwidthMultiplier", "values": [2, 8]}"#, with: axes)
            do {
                if name == "replay" {
                    _ = try SweepPlan(spec: SweepFixtures.spec(text), kind: kind, source: "spec.json")
                } else {
                    _ = try SweepPlan(spec: SweepFixtures.spec(text), kind: OpBPointKind(environment: SweepFixtures.environment), source: "spec.json")
                }
                return []
            } catch let error as SweepError {
                return error.problems.map(\.path)
            }
        }
        #expect(try paths(#"{"path": "system", "values": ["duplex", "h100"]}"#) == ["placement"])
        #expect(try paths(#"{"path": "placement", "values": ["duplex", "everywhere"]}"#) == ["placement"])
        #expect(try paths(#"{"path": "memoryRates", "values": ["dram", "fast"]}"#) == ["memoryRates"])
        #expect(try paths(#"{"path": "placement", "values": ["duplex"]}, {"path": "memoryRates", "values": ["peak"]}"#, kind: "opb") == ["memoryRates"])
    }
}
