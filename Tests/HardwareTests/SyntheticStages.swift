import SimKernel
import Workloads
@testable import Hardware

/// Random operator lists for the segment-memo equivalence tests: stages of blocks (chains, fans
/// of attention or experts joined by a projection or a collective, and free-form DAGs with
/// edges that jump over operators, roots and sinks in the middle), drawn from small parameter
/// sets so that equal segments recur, with random dtypes, shards and targets.
///
/// Plan: TP 4, EP 4, 8 experts (expert e on devices of rank e / 2), for 4-device systems.
struct SyntheticStages {
    static let plan = ParallelismPlan(tensorParallel: 4, expertParallel: 4, expertTensorParallel: 1)
    static let experts = 8

    var random: SplitMix64
    var operators: [Operator] = []
    var targets: [PlacementTarget] = []

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// `stages` random stages; every operator's target drawn at random.
    static func make(seed: UInt64, stages: Int) -> (operators: [Operator], targets: [PlacementTarget]) {
        var builder = SyntheticStages(seed: seed)
        for stage in 0..<stages { builder.addStage(stage) }
        return (builder.operators, builder.targets)
    }

    private mutating func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    private mutating func chance(_ p: Double) -> Bool { random.nextUnitDouble() < p }

    mutating func addStage(_ stage: Int) {
        var tail: Int? = nil
        for _ in 0..<(1 + pick(6)) {
            // Usually continue from the previous block's last operator; sometimes from an earlier
            // one (an edge that jumps), sometimes from nothing (a second root).
            var deps: [Int] = []
            if let tail {
                let stageIDs = operators.filter { $0.stage == stage }.map(\.id)
                if chance(0.8) { deps = [tail] } else if chance(0.5) { deps = [stageIDs[stageIDs.count - 1 - pick(min(3, stageIDs.count))]] }
            }
            switch pick(3) {
            case 0: tail = addChain(stage: stage, after: deps)
            case 1: tail = addFan(stage: stage, after: deps)
            default: tail = addDAG(stage: stage, after: deps)
            }
        }
    }

    private mutating func add(_ stage: Int, _ kind: OperatorKind, shards: Int, request: Int? = nil, expert: Int? = nil,
                              _ shape: OperatorShape, deps: [Int]) -> Int {
        let id = (operators.last?.id ?? -1) + 1 + (chance(0.05) ? 3 : 0)  // ids need not be consecutive
        let dtype: DType = chance(0.1) ? .bf16 : .fp16
        operators.append(Operator(id: id, stage: stage, layer: pick(3), kind: kind, dtype: dtype, shards: shards,
                                  request: request, expert: expert, shape: shape, dependencies: deps))
        targets.append(chance(0.5) ? .memoryProcessor : .xpu)
        return id
    }

    private mutating func randomOperator(_ stage: Int, deps: [Int]) -> Int {
        switch pick(6) {
        case 0:
            return add(stage, .norm, shards: [1, 4][pick(2)], .norm(NormShape(tokens: [4, 8][pick(2)], hidden: 512, kind: .rmsnorm)), deps: deps)
        case 1:
            return add(stage, .qkvProjection, shards: [1, 2, 4][pick(3)],
                       .gemm(GEMMShape(tokens: [1, 8][pick(2)], inFeatures: 512, outFeatures: [256, 768][pick(2)])), deps: deps)
        case 2:
            return add(stage, .attention, shards: 4, request: pick(6), .attention(AttentionShape(
                newTokens: [1, 1, 8][pick(3)], cachedTokens: [16, 100][pick(2)], groupSize: 4, kvHeads: 2, headDim: 64,
                scores: chance(0.8) ? .fused : .materialized)), deps: deps)
        case 3:
            return add(stage, .expertFFN, shards: 1, expert: pick(8), .ffn(FFNShape(
                tokens: 1 + pick(4), hidden: 512, ffn: 1024, kind: .swiglu, intermediates: chance(0.5) ? .onChip : .materialized)), deps: deps)
        case 4:
            return add(stage, [.allReduce, .allToAll][pick(2)], shards: 4,
                       .collective(CollectiveShape(pattern: [.allReduce, .allToAll][pick(2)], groupSize: 4, elements: 2048)), deps: deps)
        default:
            return add(stage, .router, shards: 4, .router(RouterShape(tokens: 8, hidden: 512, experts: 8, topK: 2)), deps: deps)
        }
    }

    /// A few operators one after the other.
    private mutating func addChain(stage: Int, after deps: [Int]) -> Int {
        var last = randomOperator(stage, deps: deps)
        for _ in 0..<pick(3) { last = randomOperator(stage, deps: [last]) }
        return last
    }

    /// A root, parallel attention (or experts) on it, and a join.
    private mutating func addFan(stage: Int, after deps: [Int]) -> Int {
        let root = add(stage, .qkvProjection, shards: 4, .gemm(GEMMShape(tokens: 8, inFeatures: 512, outFeatures: 384)), deps: deps)
        var members: [Int] = []
        let experts = chance(0.5)
        for i in 0..<(2 + pick(6)) {
            if experts {
                members.append(add(stage, .expertFFN, shards: 1, expert: (i * 3 + pick(2)) % 8, .ffn(FFNShape(
                    tokens: 1 + pick(3), hidden: 512, ffn: 1024, kind: .swiglu, intermediates: .onChip)), deps: [root]))
            } else {
                members.append(add(stage, .attention, shards: 4, request: i, .attention(AttentionShape(
                    newTokens: 1, cachedTokens: [32, 64][pick(2)], groupSize: 4, kvHeads: 2, headDim: 64, scores: .fused)), deps: [root]))
            }
        }
        if chance(0.5) {
            return add(stage, .allReduce, shards: 4, .collective(CollectiveShape(pattern: .allReduce, groupSize: 4, elements: 2048)), deps: members)
        }
        return add(stage, .outputProjection, shards: 4, .gemm(GEMMShape(tokens: 8, inFeatures: 256, outFeatures: 512)), deps: members)
    }

    /// Random operators, each depending on up to three random earlier ones of the block (or the
    /// block's inputs), some on none; the block's last operator is returned.
    private mutating func addDAG(stage: Int, after deps: [Int]) -> Int {
        var block: [Int] = []
        for _ in 0..<(2 + pick(7)) {
            var mine: [Int] = []
            if block.isEmpty { mine = deps } else if chance(0.9) {
                for _ in 0..<(1 + pick(3)) { mine.append(block[pick(block.count)]) }
            }
            block.append(randomOperator(stage, deps: mine))
        }
        return block.last!
    }
}
