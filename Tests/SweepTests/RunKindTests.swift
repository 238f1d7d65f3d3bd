import Foundation
import Testing
@testable import Sweep

@Suite struct RunKindTests {
    /// tiny-moe served on 2 Duplex devices: PIM clock x batch, closed loop, 4 short requests.
    static let spec = """
        {"name": "tiny-run", "kind": "run", "seed": 7,
         "base": {"description": "tiny", "model": "tiny-moe", "batch": 2, "lin": 16, "lout": 4, "requests": 4,
                  "routing": "uniform", "runs": [{"label": "pim", "system": "duplex", "placement": "duplex+pe", "devices": 2}]},
         "axes": [{"path": "system.device.memoryProcessor.clock", "values": ["500MHz", "1000MHz"]},
                  {"path": "batch", "values": [2, 4]}]}
        """

    static func problems(_ axes: String) throws -> [SweepProblem] {
        let text = spec.replacingOccurrences(
            of: #"[{"path": "system.device.memoryProcessor.clock", "values": ["500MHz", "1000MHz"]},"#, with: "[" + axes + ",")
        do {
            _ = try SweepPlan(spec: SweepFixtures.spec(text), kind: RunPointKind(environment: SweepFixtures.environment), source: "spec.json")
            return []
        } catch let error as SweepError {
            return error.problems
        }
    }

    @Test func runPointsExpandOverInlinedSystemAndScenarioFields() throws {
        let kind = RunPointKind(environment: SweepFixtures.environment)
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.spec), kind: kind, source: "spec.json")
        #expect(plan.points.count == 4)
        guard case .object(let base)? = Optional(plan.points[0].document) else { Issue.record("not an object"); return }
        #expect(base["runs"] == nil && base["placement"] == .string("duplex+pe"))
        if case .object? = base["system"] {} else { Issue.record("system preset not inlined") }
        #expect(plan.points[3].config.scenario.batch == 4 && !plan.points[3].config.seedFixed)
    }

    @Test func runSweepIsByteIdenticalForOneAndTwoJobs() throws {
        let kind = RunPointKind(environment: SweepFixtures.environment)
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.spec), kind: kind, source: "spec.json")
        let one = try SweepRunner(plan: plan, directory: SweepFixtures.temporaryDirectory("run1"), jobs: 1).run()
        let two = try SweepRunner(plan: plan, directory: SweepFixtures.temporaryDirectory("run2"), jobs: 2).run()
        #expect(try SweepFixtures.read(one.resultsFile) == SweepFixtures.read(two.resultsFile))
        let table = try SweepFiles.readTable(one.resultsFile)
        #expect(table.header.starts(with: ["point_id", "system.device.memoryProcessor.clock_MHz", "batch", "tokens_per_s"]))
        #expect(table.header.contains("t2ft_p99_ms") && table.header.contains("energy_per_token_mJ"))
        for row in 0..<4 {
            #expect(Double(table.cell(row, "tokens_per_s"))! > 0)
            #expect(table.cell(row, "generated_tokens") == "16", "4 requests of 4 tokens")
        }
        #expect(table.cell(1, "batch_effective") == "4" && table.cell(0, "batch_effective") == "2")
    }

    @Test func badRunPathsAndValuesAreRejectedByName() throws {
        let unknown = try Self.problems(#"{"path": "system.device.logicPIM.clock", "values": ["650MHz"]}"#)
        #expect(unknown.map(\.path) == ["system.device.logicPIM.clock"])
        #expect(unknown.first?.reason.contains("memoryProcessor") == true)
        #expect(try Self.problems(#"{"path": "serving.batch", "values": [8]}"#).map(\.path) == ["serving.batch"])
        #expect(try Self.problems(#"{"path": "batches", "values": [8]}"#).map(\.path) == ["batches"])
        #expect(try Self.problems(#"{"path": "placement", "values": ["duplex", "everywhere"]}"#).map(\.path) == ["placement"])
        #expect(try Self.problems(#"{"path": "qps", "values": [-1]}"#).map(\.path) == ["qps"])
        #expect(try Self.problems(#"{"path": "system.device.memoryProcessor.clock", "values": ["650GB"]}"#).map(\.path)
                == ["system.device.memoryProcessor.clock.value"])
        #expect(try Self.problems(#"{"path": "qps", "values": [50, 100]}"#).isEmpty)
    }
}
