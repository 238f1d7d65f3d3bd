import Foundation
import Hardware
import Testing
import Units
import Workloads
@testable import Serving

/// The product executor (device models on the event kernel) under the scheduler.
@Suite struct DeviceExecutorTests {
    static let calibration = Fixtures.repositoryRoot.appendingPathComponent("Workloads/calibration")

    static func stage(_ policy: PlacementPolicy, system: String, _ stage: Stage) throws -> (StageWork, StageExecution) {
        let deployment = try ServingDeployment(model: Fixtures.model("mixtral-8x7b"), system: Fixtures.system(system), policy: policy, source: "t")
        var executor = try DeviceStageExecutor.load(deployment, calibrationDirectory: calibration)
        let built = try OperatorGraphBuilder(model: deployment.model, plan: deployment.plan).operators(for: stage, router: UniformRouter(seed: 2))
        var planner = PlacementPlanner(policy: policy, memoryProcessor: deployment.memoryProcessor, experts: deployment.model.experts)
        let placement = try planner.place(stage, operators: built, plan: deployment.plan, executor: &executor)
        let operators = placement.coProcessing ? built : UnitSerialisation.serialise(built, placement: placement)
        let work = StageWork(stage: stage, operators: operators, placement: placement, plan: deployment.plan)
        return (work, try executor.execute(work))
    }

    /// The scheduler's order: running requests decode, then the admitted one prefills.
    static let mixed = Stage(index: 3, requests: (1..<32).map { .decode(id: $0, context: 700 + $0) } + [.prefill(id: 0, tokens: 512)])
    static let decode = Stage(index: 4, requests: (0..<32).map { .decode(id: $0, context: 700 + $0) })

    /// Total time in which an xPU interval and a memory-side interval overlap.
    static func overlap(_ runs: [OperatorExecution]) -> SimTime {
        let xpu = runs.filter { $0.unit == .xpu }, pim = runs.filter { $0.unit.isMemoryProcessor }
        var total = SimTime.zero
        for a in xpu { for b in pim where b.start < a.end && a.start < b.end { total += min(a.end, b.end) - max(a.start, b.start) } }
        return total
    }

    @Test func operatorsRunWherePlaced() throws {
        for policy in [PlacementPolicy.gpu, .duplex, .duplexPE] {
            let (work, execution) = try Self.stage(policy, system: policy == .gpu ? "h100" : "duplex", Self.decode)
            #expect(execution.duration > .zero)
            for (placed, run) in zip(work.placement.assignments, execution.operators) {
                #expect(placed.unit == run.unit, "\(policy)")
            }
            #expect(execution.operators.allSatisfy { $0.end <= execution.duration })
        }
    }

    @Test func plainDuplexRunsOneUnitAtATimeAndCoProcessingOverlaps() throws {
        for stage in [Self.mixed, Self.decode] {
            let (_, plain) = try Self.stage(.duplex, system: "duplex", stage)
            #expect(Self.overlap(plain.operators) == .zero, "stage \(stage.index)")
        }
        let (work, co) = try Self.stage(.duplexPE, system: "duplex", Self.mixed)
        #expect(Self.overlap(co.operators) > .zero)
        // In the mixed stage the decode attention overlaps the prefill attention.
        let (_, plain) = try Self.stage(.duplex, system: "duplex", Self.mixed)
        #expect(co.duration < plain.duration)
        #expect(work.placement.coProcessing)
    }

    @Test func duplexDecodeStageBeatsTheGPU() throws {
        // Decode attention (Op/B ~ 4) and MoE (Op/B ~ 8 at B = 32) are memory-bound: Logic-PIM's 4x
        // internal bandwidth must shorten the stage. A property of the device models, not a fitted ratio.
        let (_, gpu) = try Self.stage(.gpu, system: "h100", Self.decode)
        let (_, duplex) = try Self.stage(.duplex, system: "duplex", Self.decode)
        #expect(duplex.duration < gpu.duration)
        // Wall time with attention running (union of intervals: PIM attention operators overlap).
        let attention = { (e: StageExecution, w: StageWork) in
            StageRecord.union(zip(w.operators, e.operators).filter { $0.0.kind == .attention }.map { ($0.1.start, $0.1.end) })
        }
        let (gw, ge) = try Self.stage(.gpu, system: "h100", Self.decode)
        let (dw, de) = try Self.stage(.duplex, system: "duplex", Self.decode)
        #expect(attention(de, dw) < attention(ge, gw))
    }

    @Test(arguments: [("gpu", "h100"), ("duplex", "duplex"), ("duplex+pe", "duplex"), ("duplex+pe+et", "duplex"),
                      ("bank-pim", "bank-pim"), ("bankgroup-pim", "bankgroup-pim")])
    func everyPolicyServesEndToEnd(placement: String, system: String) throws {
        let text = #"{"description": "t", "model": "mixtral-8x7b", "runs": [{"label": "r", "system": "\#(system)", "placement": "\#(placement)"}], "batch": 6, "lin": 32, "lout": 3, "requests": 9, "seed": 5, "length_spread": 0.3}"#
        let scenario = try Fixtures.scenario(text)
        var executor = try DeviceStageExecutor.load(scenario.runs[0].deployment, calibrationDirectory: Self.calibration)
        let result = try ServingSimulation.run(scenario.runs[0], of: scenario, executor: &executor)
        #expect(result.trace.requests.count == 9)
        #expect(result.trace.stages.contains { $0.kind == .mixed && $0.decodes > 0 })
        #expect(result.metrics.tokensPerSecond > 0 && result.metrics.energyPerToken > .zero)
        let pimBusy = ExecutionUnit.allCases.filter(\.isMemoryProcessor).map { result.metrics.busyByUnit[$0] }.reduce(SimTime.zero, +)
        #expect((pimBusy > .zero) == (placement != "gpu"))
    }

    @Test func endToEndRunIsDeterministic() throws {
        let text = #"{"description": "t", "model": "mixtral-8x7b", "runs": [{"label": "d", "system": "duplex", "placement": "duplex+pe"}], "batch": 8, "lin": 64, "lout": 4, "requests": 12, "seed": 3, "length_spread": 0.2}"#
        func csv() throws -> [String] {
            let scenario = try Fixtures.scenario(text)
            var executor = try DeviceStageExecutor.load(scenario.runs[0].deployment, calibrationDirectory: Self.calibration)
            let result = try ServingSimulation.run(scenario.runs[0], of: scenario, executor: &executor, recordOperators: true)
            return [ServingReport.summary([result], scenario: scenario), ServingReport.stages([result]), ServingReport.requests([result]),
                    ServingReport.operators([result])].map { $0.rendered() }
        }
        let first = try csv()
        #expect(try csv() == first)
        #expect(first[1].split(separator: "\n").count > 4)
    }

    /// The executor's replay session (segment memo, kept workspace, memoised isolated times)
    /// changes nothing: every CSV of a co-processing run and of a Bank-PIM run is identical with
    /// memoisation off, and the memoised run copies segments.
    @Test(arguments: [("duplex+pe", "duplex"), ("bank-pim", "bank-pim")])
    func segmentMemoisationChangesNoResult(placement: String, system: String) throws {
        let text = #"{"description": "t", "model": "mixtral-8x7b", "runs": [{"label": "m", "system": "\#(system)", "placement": "\#(placement)"}], "batch": 8, "lin": 48, "lout": 5, "requests": 12, "seed": 9, "length_spread": 0.2}"#
        func csv(memo: Bool) throws -> (tables: [String], reuse: SegmentReuse) {
            let scenario = try Fixtures.scenario(text)
            var executor = try DeviceStageExecutor.load(scenario.runs[0].deployment, calibrationDirectory: Self.calibration)
            executor.memoisesSegments = memo
            let result = try ServingSimulation.run(scenario.runs[0], of: scenario, executor: &executor, recordOperators: true)
            return ([ServingReport.summary([result], scenario: scenario), ServingReport.stages([result]), ServingReport.requests([result]),
                     ServingReport.operators([result])].map { $0.rendered() }, executor.reuse)
        }
        let memoised = try csv(memo: true), simulated = try csv(memo: false)
        #expect(memoised.tables == simulated.tables)
        #expect(memoised.reuse.reused > 0 && simulated.reuse == SegmentReuse())
    }
}
