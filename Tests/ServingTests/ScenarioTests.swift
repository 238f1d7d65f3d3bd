import Foundation
import Testing
import Units
import Workloads
@testable import Serving

@Suite struct ScenarioTests {
    static func json(model: String = "tiny-moe", runs: String = #"[{"label": "pim", "system": "duplex", "placement": "duplex+pe", "devices": 2}, {"label": "gpu", "system": "h100", "placement": "gpu", "devices": 2}]"#,
                     batch: Int = 4, lin: Int = 16, lout: Int = 8, extra: String = "", seed: Int = 1) -> String {
        #"{"description": "t", "model": "\#(model)", "runs": \#(runs), "batch": \#(batch), "lin": \#(lin), "lout": \#(lout), "requests": 12, "seed": \#(seed)\#(extra)}"#
    }

    static func problems(_ text: String) -> [String] {
        do {
            _ = try Fixtures.scenario(text)
            return []
        } catch let error as WorkloadInputError {
            return error.problems.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func validScenarioResolves() throws {
        let scenario = try Fixtures.scenario(Self.json(extra: #", "qps": 2.5, "length_spread": 0.1"#))
        #expect(scenario.runs.map(\.label) == ["pim", "gpu"])
        #expect(scenario.traffic == .openLoop(qps: 2.5))
        #expect(scenario.runs[0].deployment.plan.tensorParallel == 2)
    }

    @Test func invalidScenariosNameEveryProblem() {
        #expect(Self.problems(Self.json(model: "no-such-model")).contains { $0.contains("field \"model\"") && $0.contains("no model \"no-such-model\"") })
        let several = Self.problems(Self.json(batch: 0, lin: 0, extra: #", "qps": -3"#))
        #expect(several.contains("test.json: field \"batch\": must be at least 1, got 0"))
        #expect(several.contains("test.json: field \"lin\": must be at least 1 token, got 0"))
        #expect(several.contains("test.json: field \"qps\": must be a positive number of requests per second, got -3.0"))
        let context = Self.problems(Self.json(model: "opt-66b", runs: #"[{"label": "g", "system": "h100", "placement": "gpu"}]"#, lin: 2048, lout: 1024))
        #expect(context.contains { $0.contains("field \"lin\"") && $0.contains("exceed the 2048-token context of opt-66b") })
        let weights = Self.problems(Self.json(model: "grok-1", runs: #"[{"label": "g", "system": "h100", "placement": "gpu"}]"#))
        #expect(weights.contains { $0.contains("cannot hold the weights of grok-1") })
        let placement = Self.problems(Self.json(runs: #"[{"label": "g", "system": "h100", "placement": "duplex++", "devices": 2}]"#))
        #expect(placement.contains { $0.contains("field \"runs[0].placement\": unknown placement \"duplex++\"; known: gpu, duplex, duplex+pe") })
        let unknownKey = Self.problems(Self.json(extra: #", "batchsize": 3"#))
        #expect(unknownKey.contains { $0.contains("field \"batchsize\": unknown field") })
        let system = Self.problems(Self.json(runs: #"[{"label": "g", "system": "h1000", "placement": "gpu"}]"#))
        #expect(system.contains { $0.contains("runs[0].system") && $0.contains("no system preset named \"h1000\"") })
    }

    static func csv(seed: Int) throws -> [String] {
        let scenario = try Fixtures.scenario(Self.json(extra: #", "length_spread": 0.2"#, seed: seed))
        var results: [ServingResult] = []
        for run in scenario.runs {
            var executor = ScriptedExecutor()
            executor.perContext = .us(3)
            results.append(try ServingSimulation.run(run, of: scenario, executor: &executor, recordOperators: true))
        }
        return [ServingReport.summary(results, scenario: scenario), ServingReport.stages(results), ServingReport.requests(results),
                ServingReport.operators(results)].map { $0.rendered() }
    }

    @Test func sameSeedGivesByteIdenticalCSVs() throws {
        let first = try Self.csv(seed: 4), second = try Self.csv(seed: 4)
        #expect(first == second)
        let other = try Self.csv(seed: 5)
        #expect(other[2] != first[2])
        #expect(first[0].hasPrefix("run,model,system,placement,devices,tp,ep,expert_tp,dp,traffic,"))
        #expect(first[0].split(separator: "\n").count == 3)
    }

    @Test func writesTheFilesAtomically() throws {
        let scenario = try Fixtures.scenario(Self.json())
        var executor = ScriptedExecutor()
        let result = try ServingSimulation.run(scenario.runs[0], of: scenario, executor: &executor)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serving-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try ServingReport.write([result], scenario: scenario, to: directory, operators: false)
        #expect(files.map(\.lastPathComponent) == ["summary.csv", "stages.csv", "requests.csv"])
        let requests = try String(contentsOf: files[2], encoding: .utf8)
        #expect(requests.split(separator: "\n").count == 13)
    }

    @Test func defaultScenarioIsValid() throws {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Workloads/scenarios/default.json")
        let scenario = try Scenario.load(url)
        let resolved = try ResolvedScenario(scenario, source: "default.json", directory: url.deletingLastPathComponent(), catalogs: Fixtures.catalogs)
        #expect(resolved.model.name == "mixtral-8x7b")
        #expect(resolved.runs.map { $0.deployment.system.name } == ["duplex", "h100"])
        #expect(resolved.runs.allSatisfy { $0.deployment.system.deviceCount == 4 })
    }
}
