import Hardware
import Testing
import Units
import Workloads
@testable import Serving

@Suite struct PlacementTests {
    static let plan = ParallelismPlan(tensorParallel: 2, expertParallel: 2, expertTensorParallel: 1)

    static func place(_ policy: PlacementPolicy, _ stage: Stage, executor: inout ScriptedExecutor) throws -> ([Operator], StagePlacement) {
        let ops = try OperatorGraphBuilder(model: Fixtures.model("tiny-moe"), plan: plan).operators(for: stage, router: UniformRouter(seed: 3))
        var planner = PlacementPlanner(policy: policy, memoryProcessor: ExecutionUnit(memoryProcessor: policy.requiredProcessor ?? .logicPIM), experts: 4)
        return (ops, try planner.place(stage, operators: ops, plan: plan, executor: &executor))
    }

    static let mixed = Stage(index: 0, requests: [.prefill(id: 0, tokens: 64), .decode(id: 1, context: 40)])
    static let decode = Stage(index: 1, requests: [.decode(id: 0, context: 65), .decode(id: 1, context: 41)])

    @Test func gpuRunsEverythingOnTheXPU() throws {
        var executor = ScriptedExecutor()
        let (ops, placement) = try Self.place(.gpu, Self.decode, executor: &executor)
        for (op, where_) in zip(ops, placement.assignments) {
            #expect(where_.unit == (op.opClass == .communication ? .network : .xpu), "\(op.kind)")
        }
        #expect(!placement.coProcessing)
    }

    @Test(arguments: [PlacementPolicy.duplex, .bankPIM, .bankgroupPIM])
    func opBPlacementSendsDecodeAttentionAndDecodeMoEToPIM(policy: PlacementPolicy) throws {
        var executor = ScriptedExecutor()
        for stage in [Self.mixed, Self.decode] {
            let (ops, placement) = try Self.place(policy, stage, executor: &executor)
            for (op, where_) in zip(ops, placement.assignments) {
                switch op.kind {
                case .attention:
                    let decoding = stage.requests.first { $0.id == op.request }!.phase == .decode
                    #expect(where_.unit == (decoding ? ExecutionUnit(memoryProcessor: policy.requiredProcessor!) : .xpu))
                    #expect(where_.spaces == (decoding ? .decodeKV(request: op.request!) : .prefillQKV))
                    #expect(MemorySpaces.decodeKV.isSuperset(of: where_.spaces) != !decoding)
                case .expertFFN:
                    #expect(where_.unit.isMemoryProcessor == !stage.isMixed)
                    #expect(where_.spaces == .expert(op.expert!))
                case .allReduce, .allToAll: #expect(where_.unit == .network)
                default: #expect(where_.unit == .xpu)
                }
            }
            #expect(!placement.coProcessing)
        }
        #expect(executor.isolatedCalls == 0)
    }

    @Test func greedyMovesFewestTokenExpertsWhileTheLayerTimeFalls() {
        // xPU time 100 + 1 per token (us), PIM 10 per token. Tokens 2, 3, 20, 40 (ids 3, 1, 0, 2).
        // All on xPU: 102+103+120+140 = 465. Move id 3 (2 tokens): max(363, 20) = 363; id 1:
        // max(260, 50) = 260; id 0: max(140, 250) = 250 < 260, moved; id 2: max(0, 650) stops.
        func candidate(_ id: Int, _ tokens: Int) -> ExpertCoProcessing.Candidate {
            .init(expert: id, tokens: tokens, xpuTime: .us(100 + Int64(tokens)), pimTime: .us(10 * Int64(tokens)))
        }
        let moved = ExpertCoProcessing.pimExperts([candidate(0, 20), candidate(1, 3), candidate(2, 40), candidate(3, 2)])
        #expect(moved == [3, 1, 0])
        // A PIM slower on every expert than the whole xPU layer gets nothing.
        #expect(ExpertCoProcessing.pimExperts([.init(expert: 0, tokens: 1, xpuTime: .us(1), pimTime: .us(5))]).isEmpty)
    }

    @Test func coProcessingUsesTheCostTableOncePerTokenCount() throws {
        var executor = ScriptedExecutor()
        let (ops, placement) = try Self.place(.duplexPE, Self.decode, executor: &executor)
        #expect(placement.coProcessing)
        // Decode stage of 2 tokens: each active expert has 1 or 2 tokens; with the scripted costs
        // (xPU 100 + t us, PIM 10 t us) moving a small expert always helps, and the table holds at
        // most 2 x 2 entries however many layers ask.
        #expect(executor.isolatedCalls <= 4)
        let experts = zip(ops, placement.assignments).filter { $0.0.kind == .expertFFN }
        #expect(experts.contains { $0.1.unit == .logicPIM })
        #expect(placement.pimExperts == experts.filter { $0.1.unit == .logicPIM }.count)
        // Attention co-processing: prefill attention on the xPU, decode attention on the PIM.
        let (mixedOps, mixedPlacement) = try Self.place(.duplexPE, Self.mixed, executor: &executor)
        for (op, where_) in zip(mixedOps, mixedPlacement.assignments) where op.kind == .attention {
            #expect(where_.unit == (op.request == 0 ? .xpu : .logicPIM))
        }
    }

    @Test func memorySpacesFollowTheBankBundleLayout() throws {
        #expect(MemorySpaces.decodeKV.indices == [0, 1, 2])
        #expect(MemorySpaces.prefillQKV.indices == [3])
        #expect((0..<8).map { MemorySpaces.expert($0).indices[0] } == [0, 1, 2, 3, 0, 1, 2, 3])
        #expect(MemorySpaces.decodeKV.isDisjoint(with: .prefillQKV))
        #expect(MemorySpaces.all.description == "0+1+2+3")
        // The device layer books the same spaces (DeviceResources, ReplayRun.spaceMask).
        for system in ["duplex", "h100", "bank-pim"] {
            let model = try DeviceSystemModel.load(config: Fixtures.system(system), calibrationDirectory: DeviceExecutorTests.calibration)
            #expect(model.memory.bundleSpaces == MemorySpaces.count, "\(system)")
        }
    }
}

@Suite struct UnitSerialisationTests {
    @Test func plainDuplexRunsPrefillAttentionBeforeDecodeAttention() throws {
        var executor = ScriptedExecutor()
        let (ops, placement) = try PlacementTests.place(.duplex, PlacementTests.mixed, executor: &executor)
        let serial = UnitSerialisation.serialise(ops, placement: placement)
        for (index, op) in serial.enumerated() {
            let original = ops[index]
            if op.kind == .attention && op.request == 1 {
                // Decode attention (PIM) waits for the same layer's prefill attention (xPU).
                let prefill = ops.first { $0.kind == .attention && $0.request == 0 && $0.layer == op.layer }!
                #expect(op.dependencies == original.dependencies + [prefill.id])
            } else {
                #expect(op.dependencies == original.dependencies, "\(op.kind)")
            }
        }
        // Decodes before the prefill (the scheduler's order: running requests, then admitted ones):
        // the prefill waits for the decodes, and every added dependency points back.
        let reversed = Stage(index: 0, requests: [.decode(id: 1, context: 40), .prefill(id: 0, tokens: 64)])
        let (reversedOps, reversedPlacement) = try PlacementTests.place(.duplex, reversed, executor: &executor)
        let reversedSerial = UnitSerialisation.serialise(reversedOps, placement: reversedPlacement)
        for op in reversedSerial { #expect(op.dependencies.allSatisfy { $0 < op.id }) }
        for op in reversedSerial where op.kind == .attention && op.request == 0 {
            let decode = reversedOps.first { $0.kind == .attention && $0.request == 1 && $0.layer == op.layer }!
            #expect(op.dependencies.contains(decode.id))
        }
        // A co-processing placement is left alone by the scheduler; serialising a one-unit group changes nothing.
        let (gpuOps, gpuPlacement) = try PlacementTests.place(.gpu, PlacementTests.mixed, executor: &executor)
        #expect(UnitSerialisation.serialise(gpuOps, placement: gpuPlacement) == gpuOps)
    }
}

@Suite struct CoProcessingRankTests {
    @Test func greedyRunsPerExpertParallelRank() throws {
        // tiny-moe, EP 2: experts 0-1 on rank 0, 2-3 on rank 1. Each rank keeps at least one expert on
        // the xPU when the PIM is slower per token (scripted: xPU 100 + t us, PIM 10 t us), which a
        // single greedy over all four experts (as if one xPU ran them all) would not guarantee.
        var executor = ScriptedExecutor()
        let stage = Stage(index: 0, requests: (0..<12).map { .decode(id: $0, context: 30) })
        let (ops, placement) = try PlacementTests.place(.duplexPE, stage, executor: &executor)
        let plan = PlacementTests.plan
        for layer in Set(ops.compactMap { $0.kind == .expertFFN ? $0.layer : nil }) {
            for rank in 0..<plan.expertParallel {
                let members = zip(ops, placement.assignments).filter {
                    $0.0.kind == .expertFFN && $0.0.layer == layer && plan.expertRank(of: $0.0.expert!, experts: 4) == rank
                }
                guard members.count == 2 else { continue }
                let tokens = members.map { m -> Int in if case .ffn(let s) = m.0.shape { return s.tokens } else { return 0 } }
                // Hand greedy for two experts with t1 <= t2: move the smaller iff max(100 + t2, 10 t1) < 200 + t1 + t2.
                let (small, large) = (tokens.min()!, tokens.max()!)
                let expectMove = max(100 + large, 10 * small) < 200 + small + large
                let moved = members.filter { $0.1.unit.isMemoryProcessor }.count
                #expect(moved == (expectMove ? 1 : 0) || (moved == 2 && max(0, 10 * (small + large)) < max(100 + large, 10 * small)), "layer \(layer) rank \(rank) tokens \(tokens)")
            }
        }
    }
}
