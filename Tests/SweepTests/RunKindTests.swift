import Foundation
import Hardware
import Serving
import Testing
import Workloads
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

    /// A point with a fixed seed gives the numbers `duplexsim run` gives for the same scenario
    /// (catalog lookup, `DeviceStageExecutor.load`, `ServingSimulation.run`).
    @Test func aRunPointMatchesTheRunCommandPath() throws {
        let scenarioText = """
            {"description": "tiny", "model": "tiny-moe", "batch": 2, "lin": 16, "lout": 4, "requests": 4, "seed": 5,
             "routing": "uniform", "runs": [{"label": "pim", "system": "duplex", "placement": "duplex+pe", "devices": 2}]}
            """
        let kind = RunPointKind(environment: SweepFixtures.environment)
        let document = try kind.normalize(JSONValue.parse(Data(scenarioText.utf8), source: "scenario"), source: "scenario")
        let cells = try kind.run(kind.decode(document, source: "scenario"), seed: 99, source: "scenario")
        let columns = kind.metricColumns

        let root = SweepFixtures.repositoryRoot
        let catalogs = ResolvedScenario.Catalogs(models: ModelCatalog(directory: SweepFixtures.environment.modelsDirectory),
                                                 systems: SystemPresetLoader(systemsDirectory: SweepFixtures.environment.systemsDirectory))
        let scenario = try StrictJSON.decode(Scenario.self, from: Data(scenarioText.utf8), source: "scenario")
        let resolved = try ResolvedScenario(scenario, source: "scenario", directory: root, catalogs: catalogs)
        var executor = try DeviceStageExecutor.load(resolved.runs[0].deployment, calibrationDirectory: SweepFixtures.environment.calibrationDirectory)
        let result = try ServingSimulation.run(resolved.runs[0], of: resolved, executor: &executor)
        let summary = ServingReport.summary([result], scenario: resolved)
        for column in ["tokens_per_s", "t2ft_p99_ms", "tbt_p50_ms", "e2e_mean_ms", "energy_per_token_mJ", "batch_effective"] {
            let index = try #require(summary.header.firstIndex(of: column))
            let mine = try #require(columns.firstIndex(of: column))
            #expect(cells[mine] == summary.rows[0][index], "\(column)")
        }
    }
}
