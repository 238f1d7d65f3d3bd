import SimKernel
import Foundation
import Testing
@testable import Sweep
import Workloads

@Suite struct ExecutionTests {
    static let arithmetic = """
        {"name": "a", "kind": "arithmetic", "seed": 3, "base": {"x": 0, "y": "p"},
         "axes": [{"path": "x", "values": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}, {"path": "y", "values": ["a", "b"]}]}
        """

    func opbPlan() throws -> SweepPlan<OpBPointKind> {
        try SweepPlan(spec: SweepFixtures.spec(SweepFixtures.opbSpec), kind: OpBPointKind(environment: SweepFixtures.environment), source: "spec.json")
    }

    @Test func jobsDoNotChangeTheBytes() throws {
        let one = SweepFixtures.temporaryDirectory("jobs1")
        let two = SweepFixtures.temporaryDirectory("jobs2")
        let first = try SweepRunner(plan: opbPlan(), directory: one, jobs: 1).run()
        let second = try SweepRunner(plan: opbPlan(), directory: two, jobs: 2, checkpointInterval: 0).run()
        #expect(first.ran == 24 && second.ran == 24)
        let text = try SweepFixtures.read(first.resultsFile)
        #expect(text == (try SweepFixtures.read(second.resultsFile)))
        #expect(text.split(separator: "\n").count == 25)
        #expect(try SweepFixtures.read(one.appendingPathComponent("manifest.json")) == SweepFixtures.read(two.appendingPathComponent("manifest.json")))
        // The kernel-cost cache is shared: hardware axes reuse the xPU's kernel costs.
        let kernels = try #require(second.caches.first { $0.name == "kernel costs" })
        #expect(kernels.hits > kernels.misses)
    }

    @Test func hardwareAxesMoveThePIMMetrics() throws {
        let directory = SweepFixtures.temporaryDirectory("pim")
        let report = try SweepRunner(plan: opbPlan(), directory: directory, jobs: 2).run()
        let table = try SweepFiles.readTable(report.resultsFile)
        func cell(_ row: Int, _ column: String) -> Double { Double(table.cell(row, column))! }
        // Rows 12... are duplex placement: batch 4, multiplier 2, clocks 650MHz then 1GHz.
        #expect(table.cell(12, "placement") == "duplex" && table.cell(13, "system.device.memoryProcessor.clock") == "1GHz")
        #expect(cell(12, "pim_ridge_opb") < cell(13, "pim_ridge_opb"))
        #expect(cell(12, "moe_time_us") >= cell(13, "moe_time_us"))
        #expect(cell(12, "moe_time_us") > cell(14, "moe_time_us"), "4x TSVs beat 2x for memory-bound experts")
        #expect(cell(0, "moe_time_us") == cell(1, "moe_time_us"), "xpu-only points ignore the PIM clock")
    }

    @Test func shardsMergedEqualOneRun() throws {
        let plan = try opbPlan()
        let whole = try SweepRunner(plan: plan, directory: SweepFixtures.temporaryDirectory("whole"), jobs: 1).run()
        var directories: [URL] = []
        for k in 1...4 {
            let directory = SweepFixtures.temporaryDirectory("shard\(k)")
            let report = try SweepRunner(plan: plan, directory: directory, jobs: 2, shard: Shard(index: k, count: 4)).run()
            #expect(report.shardPoints == 6)
            directories.append(directory)
        }
        let merged = try SweepMerger(directories: directories.reversed()).merge()
        #expect(merged.missing.isEmpty)
        #expect(merged.csv == (try SweepFixtures.read(whole.resultsFile)))
        let partial = try SweepMerger(directories: Array(directories.prefix(3))).merge()
        #expect(partial.missing.map(\.index) == [3, 7, 11, 15, 19, 23])
        #expect(partial.missing.map(\.id) == [3, 7, 11, 15, 19, 23].map { plan.points[$0].id })
    }

    @Test func mergeRefusesConflictingDuplicates() throws {
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(), source: "spec.json")
        let a = SweepFixtures.temporaryDirectory("a")
        let b = SweepFixtures.temporaryDirectory("b")
        _ = try SweepRunner(plan: plan, directory: a, jobs: 2).run()
        _ = try SweepRunner(plan: plan, directory: b, jobs: 1).run()
        #expect(try SweepMerger(directories: [a, b]).merge().rows.count == 20, "identical duplicates merge")
        let results = b.appendingPathComponent("results.csv")
        let tampered = try SweepFixtures.read(results).replacingOccurrences(of: ",1,a,1,", with: ",1,a,2,")
        try tampered.write(to: results, atomically: true, encoding: .utf8)
        do {
            _ = try SweepMerger(directories: [a, b]).merge()
            Issue.record("a conflicting duplicate must be refused")
        } catch {
            #expect(error.problems.count == 1)
            #expect(error.problems[0].reason.contains("point 0 (id \(plan.points[0].id)) has a different result"))
        }
    }

    @Test func resumeAfterACrashLeavesNoTornOrDuplicatedRows() throws {
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(), source: "spec.json")
        let fresh = try SweepRunner(plan: plan, directory: SweepFixtures.temporaryDirectory("fresh"), jobs: 1).run()
        let expected = try SweepFixtures.read(fresh.resultsFile)
        let expectedLines = Set(expected.split(separator: "\n"))

        let crashing = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(failAt: 6), source: "spec.json")
        let directory = SweepFixtures.temporaryDirectory("crash")
        #expect(throws: SweepError.self) { try SweepRunner(plan: crashing, directory: directory, jobs: 2, checkpointInterval: 0).run() }
        let partial = try SweepFixtures.read(directory.appendingPathComponent("results.csv"))
        let lines = partial.split(separator: "\n")
        #expect(partial.hasSuffix("\n"))
        #expect(lines.count < 21, "the crash stopped the sweep early")
        #expect(lines.allSatisfy { expectedLines.contains($0) }, "every checkpointed row is whole and correct")
        #expect(Set(lines).count == lines.count, "no duplicated rows")
        let ids = lines.dropFirst().map { $0.split(separator: ",")[0] }
        #expect(ids.map(String.init) == plan.points.map(\.id).filter { ids.map(String.init).contains($0) }, "rows in point order")

        #expect(throws: SweepError.self) { try SweepRunner(plan: plan, directory: directory, jobs: 2).run() }
        let resumed = try SweepRunner(plan: plan, directory: directory, jobs: 2, resume: true).run()
        #expect(resumed.reused == lines.count - 1)
        #expect(resumed.ran == 20 - resumed.reused)
        #expect(try SweepFixtures.read(resumed.resultsFile) == expected)

        let again = try SweepRunner(plan: plan, directory: directory, jobs: 2, resume: true).run()
        #expect(again.ran == 0 && again.reused == 20)
        #expect(try SweepFixtures.read(again.resultsFile) == expected)
    }

    @Test func resumeRerunsPointsWhoseConfigChanged() throws {
        let directory = SweepFixtures.temporaryDirectory("changed")
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(), source: "spec.json")
        _ = try SweepRunner(plan: plan, directory: directory, jobs: 2).run()
        let changedSpec = Self.arithmetic.replacingOccurrences(of: #""y": "p""#, with: #""y": "p", "z": 1"#)
            .replacingOccurrences(of: #"["a", "b"]"#, with: #"["a", "c"]"#)
        let changed = try SweepPlan(spec: SweepFixtures.spec(changedSpec.replacingOccurrences(of: #", "z": 1"#, with: "")),
                                    kind: ArithmeticKind(), source: "spec.json")
        let report = try SweepRunner(plan: changed, directory: directory, jobs: 2, resume: true).run()
        #expect(report.reused == 10 && report.ran == 10)
        let fresh = try SweepRunner(plan: changed, directory: SweepFixtures.temporaryDirectory("changed-fresh"), jobs: 1).run()
        #expect(try SweepFixtures.read(report.resultsFile) == SweepFixtures.read(fresh.resultsFile))
    }

    @Test func resumeRejectsATornFile() throws {
        let directory = SweepFixtures.temporaryDirectory("torn")
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(), source: "spec.json")
        let report = try SweepRunner(plan: plan, directory: directory, jobs: 1).run()
        let text = try SweepFixtures.read(report.resultsFile)
        try String(text.dropLast(9)).write(to: report.resultsFile, atomically: true, encoding: .utf8)
        do {
            _ = try SweepRunner(plan: plan, directory: directory, jobs: 1, resume: true).run()
            Issue.record("a torn row must be rejected")
        } catch {
            #expect(error.description.contains("results.csv"))
            #expect(error.description.contains("fields, the header has 5"))
        }
    }

    @Test func memoCacheCountsHitsAcrossThreads() {
        let cache = MemoCache<Int, Int>(name: "squares")
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for key in 0..<100 { #expect(cache.value(for: key) { key * key } == key * key, "worker \(worker)") }
        }
        let statistics = cache.statistics
        #expect(statistics.lookups == 800)
        #expect(statistics.entries == 100)
        #expect(statistics.misses >= 100 && statistics.misses <= 800)
        #expect(statistics.hits == 800 - statistics.misses)
    }
}

@Suite struct OpBKindTests {
    /// The kind's per-class Op/B is `duplexsim opb`'s (OpBAnalysis) for the same stage, samples and seed.
    @Test func opbColumnsMatchTheOpBAnalysis() throws {
        let kind = OpBPointKind(environment: SweepFixtures.environment)
        let plan = try SweepPlan(spec: SweepFixtures.spec(SweepFixtures.opbSpec), kind: kind, source: "spec.json")
        let point = plan.points[13]
        let cells = try kind.run(point.config, seed: point.seed, source: "test")
        let columns = Dictionary(uniqueKeysWithValues: zip(kind.metricColumns, cells))
        let workload = point.config.workload
        let builder = OperatorGraphBuilder(model: workload.model, plan: workload.plan, options: workload.accounting)
        let analysis = OpBAnalysis(builder: builder, router: try workload.routing.router(seed: 1), samples: workload.samples)
        let rows = try analysis.rows(phase: .decode, scenario: workload.scenario, device: RooflineDevice.named("h100"))
        #expect(rows.count >= 5)
        for row in rows {
            #expect(columns["\(row.opClass.rawValue)_opb"] == String(format: "%.4f", row.opPerByte), "\(row.opClass)")
        }
        #expect(columns["lm_head_opb"] != "" && columns["moe_opb"] != "")
    }

    /// No operator beats its unit's peak: the stage takes at least its xPU-placed bytes over the
    /// HBM bandwidth, and a faster PIM clock never slows a memory-processor placement down.
    @Test func rooflineRespectsPhysics() throws {
        let kind = OpBPointKind(environment: SweepFixtures.environment)
        let plan = try SweepPlan(spec: SweepFixtures.spec(SweepFixtures.opbSpec), kind: kind, source: "spec.json")
        for point in plan.points where point.config.placement == .xpuOnly {
            let workload = point.config.workload
            let operators = try kind.stage.operators(workload, sample: 0, seed: 1, source: "test")
                + kind.stage.operators(workload, sample: 1, seed: 1, source: "test")
            let bytes = operators.filter { $0.opClass != .moe }.reduce(0.0) { $0 + Double($1.cost.memory.total.bytes) }
            let cells = try kind.run(point.config, seed: point.seed, source: "test")
            let stageMicroseconds = try #require(Double(cells[0]))
            #expect(stageMicroseconds * 1e-6 >= bytes / 2 / point.config.xpu.bytesPerSecond * (1 - 1e-9))
        }
    }
}
