import Testing
@testable import Workloads

/// Every operator's FLOPs and bytes against closed forms written out here from the model's
/// fields (independently of the shape types' code), for every model and two parallel plans.
@Suite struct OperatorAccountingTests {
    /// A mixed stage: a fresh prefill, a chunked prefill (cached tokens) and decodes.
    static let stage = Stage(index: 3, requests: [
        .prefill(id: 10, tokens: 24), .prefill(id: 11, tokens: 8, cachedTokens: 40),
        .decode(id: 12, context: 100), .decode(id: 13, context: 7),
    ])

    struct Expected: Equatable, CustomStringConvertible {
        var flops: Int64, weights: Int64 = 0, kvRead: Int64 = 0, kvWrite: Int64 = 0
        var actIn: Int64 = 0, actOut: Int64 = 0, intermediate: Int64 = 0, network: Int64 = 0
        var description: String { "flops \(flops) w \(weights) kvr \(kvRead) kvw \(kvWrite) in \(actIn) out \(actOut) mid \(intermediate) net \(network)" }
    }

    static func actual(_ op: Operator) -> Expected {
        let c = op.cost, m = c.memory
        return Expected(flops: c.flops.flops, weights: m.weights.bytes, kvRead: m.kvRead.bytes, kvWrite: m.kvWrite.bytes,
                        actIn: m.activationsIn.bytes, actOut: m.activationsOut.bytes, intermediate: m.intermediate.bytes,
                        network: c.networkSent.bytes)
    }

    @Test(arguments: Fixtures.paperModels + ["tiny-moe", "tiny-dense"], [false, true])
    func everyOperatorMatchesItsClosedForm(name: String, paperPlan: Bool) throws {
        let model = Fixtures.model(name)
        let plan = paperPlan ? Fixtures.paperPlan(model) : .single
        for options in [AccountingOptions.paper, .fused, .materialized] {
            try check(model: model, plan: plan, options: options)
        }
    }

    func check(model: ModelConfig, plan: ParallelismPlan, options: AccountingOptions) throws {
        let seed: UInt64 = 7
        let router = UniformRouter(seed: seed)
        let ops = try OperatorGraphBuilder(model: model, plan: plan, options: options).operators(for: Self.stage, router: router)
        let s: Int64 = 2  // fp16
        let t = Int64(Self.stage.tokens)  // 24 + 8 + 1 + 1 = 34
        #expect(t == 34)
        let h = Int64(model.hidden), d = Int64(model.headDim), tp = Int64(plan.tensorParallel)
        let hq = Int64(model.heads) / tp, hkv = Int64(model.kvHeads) / tp, g = Int64(model.groupSize)
        let f = Int64(model.ffn), mats = model.ffnKind.matrixCount, act = model.ffnKind.elementwiseFLOPsPerElement
        let normPerElement: Int64 = model.norm == .rmsnorm ? 4 : 7
        let normVectors: Int64 = model.norm == .rmsnorm ? 1 : 2
        func norm(_ tokens: Int64) -> Expected {
            Expected(flops: normPerElement * tokens * h, weights: normVectors * h * s, actIn: tokens * h * s, actOut: tokens * h * s)
        }
        func ffn(_ tokens: Int64, _ width: Int64) -> Expected {
            Expected(flops: 2 * mats * tokens * h * width + act * tokens * width, weights: mats * h * width * s,
                     actIn: tokens * h * s, actOut: tokens * h * s,
                     intermediate: options.ffnIntermediates == .materialized ? 2 * mats * tokens * width * s : 0)
        }
        func allReduce(_ p: Int64, _ n: Int64) -> Expected {
            Expected(flops: (p - 1) * n / p, actIn: n * s, actOut: n * s, network: 2 * (p - 1) * n / p * s)
        }
        var index = 0
        func next(_ kind: OperatorKind, _ expected: Expected, shards: Int64, sourceLocation: SourceLocation = #_sourceLocation) {
            guard index < ops.count else { Issue.record("ran out of operators", sourceLocation: sourceLocation); return }
            let op = ops[index]
            #expect(op.kind == kind, "\(model.name) op \(index)", sourceLocation: sourceLocation)
            #expect(Self.actual(op) == expected, "\(model.name) \(kind) op \(index)", sourceLocation: sourceLocation)
            #expect(Int64(op.shards) == shards, sourceLocation: sourceLocation)
            #expect(op.stage == 3 && op.id == index, sourceLocation: sourceLocation)
            index += 1
        }
        for layer in 0..<model.layers {
            next(.norm, norm(t), shards: tp)
            next(.qkvProjection, Expected(flops: 2 * t * h * (hq + 2 * hkv) * d, weights: h * (hq + 2 * hkv) * d * s,
                                          kvWrite: t * 2 * hkv * d * s, actIn: t * h * s, actOut: t * hq * d * s), shards: tp)
            for request in Self.stage.requests {
                let n = Int64(request.newTokens), c = Int64(request.cachedTokens)
                let scores = options.scores(for: request.phase)
                // Per query head: the full n x (c+n) rectangle when materialised, causal work when fused.
                let perHead = scores == .materialized ? n * (c + n) : n * c + n * (n + 1) / 2
                let e = hkv * g * perHead
                next(.attention, Expected(flops: 4 * e * d + 5 * e, kvRead: hkv * 2 * (c + n) * d * s,
                                          actIn: hq * n * d * s, actOut: hq * n * d * s,
                                          intermediate: scores == .materialized ? 2 * e * s : 0), shards: tp)
                #expect(ops[index - 1].request == request.id)
            }
            next(.outputProjection, Expected(flops: 2 * t * hq * d * h, weights: hq * d * h * s, actIn: t * hq * d * s, actOut: t * h * s), shards: tp)
            if tp > 1 { next(.allReduce, allReduce(tp, t * h), shards: tp) }
            next(.norm, norm(t), shards: tp)
            if model.isMoELayer(layer) {
                let e = Int64(model.experts), k = Int64(model.topK)
                next(.router, Expected(flops: 2 * t * h * e + 5 * t * e + k * t * e, weights: h * e * s, actIn: t * h * s,
                                       actOut: t * k * (s + 4)), shards: tp)
                let ep = Int64(plan.expertParallel), etp = Int64(plan.expertTensorParallel)
                let routed = t * k * h / ep
                if ep > 1 { next(.allToAll, Expected(flops: 0, actIn: routed * s, actOut: routed * s, network: (ep - 1) * routed / ep * s), shards: ep) }
                let counts = UniformRouter(seed: seed).route(stage: 3, layer: layer, tokens: Int(t), experts: model.experts, topK: model.topK).tokenCounts
                #expect(counts.reduce(0, +) == Int(t * k))
                for (expert, count) in counts.enumerated() where count > 0 {
                    next(.expertFFN, ffn(Int64(count), f / etp), shards: etp)
                    #expect(ops[index - 1].expert == expert)
                }
                if ep > 1 { next(.allToAll, Expected(flops: 0, actIn: routed * s, actOut: routed * s, network: (ep - 1) * routed / ep * s), shards: ep) }
                if etp > 1 { next(.allReduce, allReduce(etp, t * h), shards: etp) }
            } else {
                next(.denseFFN, ffn(t, f / tp), shards: tp)
                if tp > 1 { next(.allReduce, allReduce(tp, t * h), shards: tp) }
            }
        }
        let r = Int64(Self.stage.requests.count)
        next(.norm, norm(r), shards: tp)
        let v = Int64(model.vocab) / tp
        next(.lmHead, Expected(flops: 2 * r * h * v, weights: h * v * s, actIn: r * h * s, actOut: r * v * s), shards: tp)
        #expect(index == ops.count, "\(model.name): \(ops.count - index) unexpected operators")
        #expect(ops.filter { $0.layer == nil }.count == 2)
    }

    @Test func dependenciesPointBackwardsAndChainLayers() throws {
        let model = Fixtures.model("tiny-moe")
        let ops = try OperatorGraphBuilder(model: model, plan: ParallelismPlan(tensorParallel: 2, expertParallel: 2))
            .operators(for: Self.stage, router: UniformRouter(seed: 1), firstID: 100)
        #expect(ops.first?.id == 100)
        for op in ops.dropFirst() {
            #expect(!op.dependencies.isEmpty && op.dependencies.allSatisfy { $0 < op.id && $0 >= 100 })
        }
        // The output projection waits for every request's attention.
        let outputProjection = ops.first { $0.kind == .outputProjection }!
        #expect(outputProjection.dependencies.count == Self.stage.requests.count)
    }

    @Test func gqaReadsEachKVHeadOnce() {
        // Same query heads, 8x fewer KV heads: 8x less KV traffic, same FLOPs.
        let mha = AttentionShape(newTokens: 1, cachedTokens: 2047, groupSize: 1, kvHeads: 64, headDim: 128, scores: .fused)
        let gqa = AttentionShape(newTokens: 1, cachedTokens: 2047, groupSize: 8, kvHeads: 8, headDim: 128, scores: .fused)
        #expect(mha.cost(dtype: .fp16).flops == gqa.cost(dtype: .fp16).flops)
        #expect(mha.cost(dtype: .fp16).memory.kvRead.bytes == 8 * gqa.cost(dtype: .fp16).memory.kvRead.bytes)
        #expect(gqa.cost(dtype: .fp16).memory.kvRead.bytes == 8 * 2 * 2048 * 128 * 2)
    }

    @Test func fragmentsSumToTheOperator() {
        let shape = AttentionShape(newTokens: 5, cachedTokens: 11, groupSize: 3, kvHeads: 7, headDim: 16, scores: .materialized)
        #expect(shape.fragmentCost(dtype: .bf16) * 7 == shape.cost(dtype: .bf16))
        #expect(shape.scoreElementsPerKVHead == 3 * 5 * 16)
        let fused = AttentionShape(newTokens: 5, cachedTokens: 11, groupSize: 3, kvHeads: 7, headDim: 16, scores: .fused)
        #expect(fused.scoreElementsPerKVHead == 3 * (5 * 11 + 15))
    }

    @Test func dtypeScalesBytesNotFLOPs() {
        let gemm = GEMMShape(tokens: 3, inFeatures: 5, outFeatures: 7)
        #expect(gemm.cost(dtype: .fp32).memory.total.bytes == 2 * gemm.cost(dtype: .fp16).memory.total.bytes)
        #expect(gemm.cost(dtype: .fp8).memory.total.bytes * 2 == gemm.cost(dtype: .bf16).memory.total.bytes)
        #expect(gemm.cost(dtype: .fp32).flops == gemm.cost(dtype: .fp8).flops)
        #expect(gemm.cost(dtype: .fp16).flops.flops == 2 * 3 * 5 * 7)
    }
}

extension OperatorAccountingTests {
    @Test func expertRanksAreContiguousBlocks() {
        let plan = ParallelismPlan(tensorParallel: 4, expertParallel: 4)
        #expect((0..<8).map { plan.expertRank(of: $0, experts: 8) } == [0, 0, 1, 1, 2, 2, 3, 3])
    }

    @Test func decodeContextsSpreadOverTheGeneration() {
        let scenario = BatchScenario(batch: 4, inputLength: 2048, outputLength: 1024)
        #expect(scenario.decodeStage(index: 0).requests.map(\.contextTokens) == [2049, 2304, 2560, 2816])
        let mixed = scenario.mixedStage(index: 0)
        #expect(mixed.tokens == 2048 + 3 && mixed.isMixed)
        #expect(!scenario.decodeStage(index: 0).isMixed)
    }
}
