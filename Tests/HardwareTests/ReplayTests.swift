import Foundation
import Testing
import Units
import Workloads
@testable import Hardware

@Suite("Trace replay")
struct ReplayTests {
    /// A small Mixtral trace (4 devices, TP 4 / EP 4): one mixed stage (prefills), then decode-only stages.
    static func trace() throws -> OperatorTrace {
        let model = try DeviceFixtures.model("mixtral-8x7b")
        let plan = PaperDeployment.plan(for: model)
        let builder = OperatorGraphBuilder(model: model, plan: plan, options: .paper)
        var operators: [Operator] = []
        for stage in BatchScenario(batch: 4, inputLength: 32, outputLength: 4).closedLoopStages(count: 3) {
            operators += try builder.operators(for: stage, router: UniformRouter(seed: 7), firstID: operators.count)
        }
        return OperatorTrace(header: TraceHeader(model: model, plan: plan, accounting: .paper, routing: "uniform seed 7"),
                             operators: operators)
    }

    static func replay(_ trace: OperatorTrace, system: String, placement: Placement) throws -> ReplayResult {
        try TraceReplayer(system: try DeviceFixtures.system(system), placement: placement, header: trace.header).run(trace.operators)
    }

    @Test func duplexReplayIsConsistent() throws {
        let trace = try Self.trace()
        let result = try Self.replay(trace, system: "duplex", placement: .duplex)
        #expect(result.records.map(\.id) == trace.operators.map(\.id))
        let byID = Dictionary(uniqueKeysWithValues: result.records.map { ($0.id, $0) })
        for (op, record) in zip(trace.operators, result.records) {
            for dep in op.dependencies { #expect(record.start >= byID[dep]!.end, "operator \(op.id) starts before dependency \(dep) ends") }
            let prefill: Bool
            if case .attention(let shape) = op.shape { prefill = shape.newTokens > 1 } else { prefill = false }
            let stageIsMixed = trace.operators.contains { other in
                if other.stage == op.stage, case .attention(let s) = other.shape { return s.newTokens > 1 } else { return false }
            }
            switch op.opClass {
            case .attention: #expect(record.unit == (prefill ? .xpu : .logicPIM))
            case .moe: #expect(record.unit == (stageIsMixed ? .xpu : .logicPIM))
            case .communication: #expect(record.unit == .network)
            default: #expect(record.unit == .xpu)
            }
        }
        var previousEnd = SimTime.zero
        for (stage, end) in result.stageEnds {
            let members = result.records.filter { $0.stage == stage }
            #expect(members.map(\.start).min()! >= previousEnd)
            #expect(members.map(\.end).max()! == end)
            previousEnd = end
        }
        #expect(result.makespan == previousEnd)
        let groups = result.groups
        #expect(groups.reduce(0) { $0 + $1.operators } == result.records.count)
        let groupEnergy = groups.reduce(EnergyBreakdown.zero) { $0 + $1.energy }.total.picojoules
        #expect(abs(groupEnergy - result.energy.total.picojoules) <= 1e-9 * result.energy.total.picojoules)
        #expect(result.events + result.reuse.events == Int64(result.records.count))  // one completion event per operator
        let summary = result.summaryTable()
        #expect(summary.rows.last![0] == "total")
        #expect(summary.rows.last![2] == String(trace.operators.count))
    }

    /// Logic-PIM takes decode attention and decode-only MoE off the xPU: the decode stages get
    /// faster and spend less DRAM energy than on the plain GPU.
    @Test func duplexBeatsGPUOnDecodeStages() throws {
        let trace = try Self.trace()
        let gpu = try Self.replay(trace, system: "h100", placement: .gpu)
        let duplex = try Self.replay(trace, system: "duplex", placement: .duplex)
        #expect(!gpu.records.contains { $0.unit.isMemoryProcessor })
        func decodeTime(_ r: ReplayResult) -> SimTime { r.stageEnds[2].end - r.stageEnds[1].end }
        print("MEASURED decode stage gpu=\(decodeTime(gpu)) duplex=\(decodeTime(duplex))")
        #expect(decodeTime(duplex) < decodeTime(gpu))
        #expect(duplex.energy.dram < gpu.energy.dram)
    }

    @Test func kernelCostsAreSharedAcrossReplaysWithoutChangingResults() throws {
        let trace = try Self.trace()
        let shared = try DeviceFixtures.peakSystem("duplex")
        let fresh = try DeviceFixtures.peakSystem("duplex")
        func run(_ system: DeviceSystemModel) throws -> ReplayResult {
            try TraceReplayer(system: system, placement: .duplex, header: trace.header).run(trace.operators)
        }
        let first = try run(shared)
        let missesAfterFirst = shared.kernelCosts.statistics.map(\.misses)
        let hitsAfterFirst = shared.kernelCosts.statistics.map(\.hits)
        let second = try run(shared)
        // The second replay finds every shape already timed: no new misses, more hits.
        #expect(shared.kernelCosts.statistics.map(\.misses) == missesAfterFirst)
        #expect(zip(shared.kernelCosts.statistics.map(\.hits), hitsAfterFirst).allSatisfy { $0 > $1 })
        #expect(missesAfterFirst.allSatisfy { $0 > 0 })
        // Sharing never changes a result: same tables as a replay on a model with a cold cache.
        let cold = try run(fresh)
        #expect(second.operatorTable().rendered() == cold.operatorTable().rendered())
        #expect(first.summaryTable().rendered() == cold.summaryTable().rendered())
    }

    @Test func replayIsDeterministic() throws {
        let trace = try Self.trace()
        let a = try Self.replay(trace, system: "duplex", placement: .duplex)
        let b = try Self.replay(trace, system: "duplex", placement: .duplex)
        #expect(a.operatorTable().rendered() == b.operatorTable().rendered())
        #expect(a.summaryTable().rendered() == b.summaryTable().rendered())
        #expect(a.operatorTable().header.contains("start_us") && a.operatorTable().header.contains("energy_uJ"))
    }

    @Test func errorsNameTheOperatorAndField() throws {
        let system = try DeviceFixtures.system("duplex")
        let replayer = try TraceReplayer(system: system, placement: .gpu, plan: .single, experts: 8)
        let tooWide = Operator(id: 0, stage: 0, layer: 0, kind: .norm, dtype: .fp16, shards: 8,
                               shape: .norm(NormShape(tokens: 1, hidden: 64, kind: .rmsnorm)), dependencies: [])
        do {
            _ = try replayer.run([tooWide], source: "t.jsonl")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.first?.field == "shards")
            #expect(error.description.contains("t.jsonl: operator 0"))
        }
    }
}
