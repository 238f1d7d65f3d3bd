import Hardware
import Testing
import Units
import Workloads
@testable import Serving

/// The planner keeps buffers and the cost table across stages; these check that reuse changes no
/// result: the memo equals direct measurement, and a long-lived planner places every stage as a
/// fresh one would.
@Suite struct PlanningReuseTests {
    @Test func costTableMemoEqualsDirectMeasurement() throws {
        let model = Fixtures.model("tiny-moe")
        let ops = try OperatorGraphBuilder(model: model, plan: PlacementTests.plan)
            .operators(for: Stage(index: 0, requests: (0..<9).map { .decode(id: $0, context: 20) }), router: UniformRouter(seed: 2))
        let experts = ops.filter { $0.kind == .expertFFN }
        var table = ExpertCostTable()
        var executor = ScriptedExecutor(expertFixed: .us(7), expertPerTokenXPU: .ns(300), expertPerTokenPIM: .us(3))
        var direct = executor
        for op in experts + experts.reversed() {
            for unit in [ExecutionUnit.xpu, .logicPIM] {
                let memo = try table.time(of: op, on: unit, plan: PlacementTests.plan, executor: &executor)
                #expect(memo == (try direct.isolatedTime(of: op, on: unit, plan: PlacementTests.plan)))
            }
        }
        let distinct = Set(experts.map { op -> Int in guard case .ffn(let s) = op.shape else { return -1 }; return s.tokens }).count
        #expect(executor.isolatedCalls == 2 * distinct)
        #expect(table.count == 2 * distinct)
    }

    @Test(arguments: [PlacementPolicy.duplexPE, .duplex, .gpu])
    func aLongLivedPlannerPlacesLikeAFreshOne(policy: PlacementPolicy) throws {
        let model = Fixtures.model("tiny-moe")
        let builder = OperatorGraphBuilder(model: model, plan: PlacementTests.plan)
        let processor = ExecutionUnit(memoryProcessor: policy.requiredProcessor ?? .logicPIM)
        var longLived = PlacementPlanner(policy: policy, memoryProcessor: processor, experts: 4)
        var executor = ScriptedExecutor()
        let stages = [PlacementTests.decode, PlacementTests.mixed,
                      Stage(index: 2, requests: (0..<12).map { .decode(id: 40 - $0, context: 30 + $0) }), PlacementTests.decode]
        for stage in stages {
            let ops = try builder.operators(for: stage, router: UniformRouter(seed: 11))
            var fresh = PlacementPlanner(policy: policy, memoryProcessor: processor, experts: 4)
            var freshExecutor = ScriptedExecutor()
            let expected = try fresh.place(stage, operators: ops, plan: PlacementTests.plan, executor: &freshExecutor)
            #expect(try longLived.place(stage, operators: ops, plan: PlacementTests.plan, executor: &executor) == expected)
        }
    }

    @Test func requestPhasesAreFoundInAnyOrder() {
        let requests: [StageRequest] = [.prefill(id: 5, tokens: 3), .decode(id: 2, context: 9), .decode(id: 8, context: 4)]
        var lookup = RequestPhaseLookup(requests)
        for id in [5, 2, 8, 5, 2, 8, 8, 2, 5, 5] {
            #expect(lookup.phase(of: id) == requests.first { $0.id == id }!.phase)
        }
        #expect(lookup.phase(of: 3) == nil)
        #expect(lookup.phase(of: 2) == .decode)
    }

    @Test func unionSortsOnlyWhenNeeded() {
        let intervals: [(SimTime, SimTime)] = [(.us(20), .us(25)), (.us(0), .us(10)), (.us(25), .us(26)), (.us(5), .us(12))]
        var unsorted = intervals
        #expect(StageRecord.union(&unsorted) == .us(18))
        var sorted = intervals.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(StageRecord.union(&sorted) == .us(18))
        #expect(StageRecord.union(intervals) == .us(18))
    }
}

/// Large token counts (long prefills) go to the table's sparse part; lookups agree either way.
@Suite struct ExpertCostTableRangeTests {
    @Test func largeCountsAreMemoisedToo() throws {
        let model = Fixtures.model("tiny-moe")
        let shape = { (tokens: Int) in
            Operator(id: 0, stage: 0, layer: 1, kind: .expertFFN, dtype: model.dtype, shards: 1, expert: 0,
                     shape: .ffn(FFNShape(tokens: tokens, hidden: model.hidden, ffn: model.ffn, kind: model.ffnKind, intermediates: .materialized)),
                     dependencies: [])
        }
        var table = ExpertCostTable()
        var executor = ScriptedExecutor()
        var direct = ScriptedExecutor()
        let counts = [1, ExpertCostTable.denseTokens - 1, ExpertCostTable.denseTokens, 100_000, 3]
        for tokens in counts + counts {
            let memo = try table.time(of: shape(tokens), on: .logicPIM, plan: .single, executor: &executor)
            #expect(memo == (try direct.isolatedTime(of: shape(tokens), on: .logicPIM, plan: .single)))
        }
        #expect(executor.isolatedCalls == counts.count && table.count == counts.count)
    }
}
