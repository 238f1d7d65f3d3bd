import Testing
import Units
import Workloads
@testable import Serving

@Suite struct MetricsTests {
    @Test func nearestRankPercentiles() {
        let samples = (1...10).map { SimTime.ms(Int64($0)) }
        #expect(Percentile.nearestRank(50, sorted: samples) == .ms(5))    // ceil(5) = 5th
        #expect(Percentile.nearestRank(90, sorted: samples) == .ms(9))    // ceil(9) = 9th
        #expect(Percentile.nearestRank(99, sorted: samples) == .ms(10))   // ceil(9.9) = 10th
        #expect(Percentile.nearestRank(100, sorted: samples) == .ms(10))
        #expect(Percentile.nearestRank(1, sorted: samples) == .ms(1))     // ceil(0.1) = 1st
        #expect(Percentile.nearestRank(50, sorted: [.ms(7)]) == .ms(7))
        #expect(Percentile.nearestRank(50, sorted: []) == nil)
        let hundred = (1...200).map { SimTime.us(Int64($0)) }
        #expect(Percentile.nearestRank(99, sorted: hundred) == .us(198)) // ceil(198) = 198th
        let summary = LatencySummary([.ms(4), .ms(1), .ms(3), .ms(2)])
        #expect(summary.p50 == .ms(2) && summary.p90 == .ms(4) && summary.mean == SimTime(picoseconds: 2_500_000_000) && summary.max == .ms(4))
    }

    @Test func busyTimeIsTheUnionOfIntervals() {
        let union = StageRecord.union([(.us(0), .us(10)), (.us(5), .us(12)), (.us(20), .us(25)), (.us(25), .us(26))])
        #expect(union == .us(18))  // [0,12) + [20,26)
        #expect(StageRecord.union([]) == .zero)
    }

    @Test func energyClassesFollowTheOperatorGroups() throws {
        let model = Fixtures.model("tiny-moe")
        let plan = ParallelismPlan(tensorParallel: 2, expertParallel: 2, expertTensorParallel: 1)
        let stage = Stage(index: 0, requests: [.decode(id: 0, context: 10), .decode(id: 1, context: 20)])
        let ops = try OperatorGraphBuilder(model: model, plan: plan).operators(for: stage, router: UniformRouter(seed: 1))
        let classes = EnergyClass.classify(ops)
        for (op, energyClass) in zip(ops, classes) {
            switch op.kind {
            case .attention: #expect(energyClass == .attention)
            case .expertFFN, .router, .allToAll: #expect(energyClass == .moe)
            case .qkvProjection, .outputProjection, .denseFFN, .norm, .lmHead: #expect(energyClass == .fc)
            case .allReduce:
                // After the output projection or a dense FFN: FC; after the experts: MoE.
                let previous = ops[ops.firstIndex(of: op)! - 1]
                #expect(energyClass == (previous.kind == .allToAll || previous.kind == .expertFFN ? .moe : .fc), "all-reduce after \(previous.kind)")
            }
        }
    }

    @Test func metricsSumStagesAndSplitEnergyPerToken() throws {
        var executor = ScriptedExecutor()
        let trace = try SchedulerTests.run(batch: 2, requests: 2, lin: 4, lout: 2, executor: &executor)
        let metrics = ServingMetrics(trace)
        // Two stages of 10 ms; the operators tile each stage on xPU / PIM / links.
        let busy = metrics.busyByUnit.values.reduce(SimTime.zero, +)
        #expect(busy == .ms(20))
        #expect(metrics.timeByClass.values.reduce(SimTime.zero, +) == .ms(20))
        let stageEnergy = trace.stages.reduce(Energy.zero) { $0 + $1.totalEnergy }
        #expect(abs(metrics.totalEnergy.picojoules - stageEnergy.picojoules) < 1e-6)
        #expect(abs(metrics.energyPerToken.picojoules * 4 - stageEnergy.picojoules) < 1e-6)
        #expect(metrics.energy[.moe].dram > .zero && metrics.energy[.attention].dram > .zero && metrics.energy[.fc].communication > .zero)
    }
}
