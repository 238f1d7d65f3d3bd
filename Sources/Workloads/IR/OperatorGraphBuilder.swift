/// Produces the operators of one stage of one model replica, in dependency order.
///
/// Per layer (l = 0..<layers), with T = the stage's new tokens, TP = `plan.tensorParallel`:
/// 1. `norm` (T x hidden)
/// 2. `qkv_projection`: GEMM T x hidden -> (heads + 2 kvHeads)/TP * headDim; the K and V columns
///    are KV-cache writes
/// 3. `attention`, one per request, over kvHeads/TP KV heads of group size heads/kvHeads
/// 4. `output_projection`: GEMM T x heads/TP*headDim -> hidden (partial sums when TP > 1)
/// 5. `all_reduce` over TP of T x hidden, when TP > 1
/// 6. `norm`
/// 7. MoE layers: `router` (replicated on the TP group), `all_to_all` dispatch over EP of the
///    T*k routed token vectors (when EP > 1), one `expert_ffn` per expert that received tokens
///    (ffn/expertTP columns, expertTP shards), `all_to_all` combine (when EP > 1), `all_reduce`
///    of the expert partial sums over expertTP (when expertTP > 1).
///    Dense layers: `dense_ffn` (ffn/TP columns, TP shards), then `all_reduce` when TP > 1.
/// Then the model-level `norm` and `lm_head` (GEMM R x hidden -> vocab/TP, R = requests: one
/// logit row per request, the last prompt token for a prefill).
///
/// Not modelled (docs/workloads.md): embedding lookup, residual additions, rotary embeddings,
/// sampling, the LM head's logit gather. All-to-all message sizes are the balanced average
/// (T*k/EP token vectors per rank); exact per-rank loads are in the expert operators.
public struct OperatorGraphBuilder: Sendable {
    public let model: ModelConfig
    public let plan: ParallelismPlan
    public let options: AccountingOptions

    /// `plan` must fit `model` (`ParallelismPlan.problems(for:source:)` is empty).
    public init(model: ModelConfig, plan: ParallelismPlan, options: AccountingOptions = .paper) {
        precondition(model.problems(source: model.name).isEmpty, "invalid model \(model.name)")
        let problems = plan.problems(for: model, source: "plan")
        precondition(problems.isEmpty, "plan does not fit \(model.name): \(problems)")
        self.model = model
        self.plan = plan
        self.options = options
    }

    /// The operators of `stage`, with ids from `firstID`; routing comes from `router`.
    public func operators(for stage: Stage, router: any ExpertRouter, firstID: Int = 0) throws(WorkloadInputError) -> [Operator] {
        var emitter = Emitter(stage: stage.index, dtype: model.dtype, nextID: firstID)
        let tokens = stage.tokens
        let tp = plan.tensorParallel
        let hidden = model.hidden, headDim = model.headDim
        var frontier: [Int] = []
        for layer in 0..<model.layers {
            let norm1 = emitter.add(layer: layer, kind: .norm, shards: tp,
                                    shape: .norm(NormShape(tokens: tokens, hidden: hidden, kind: model.norm)), deps: frontier)
            let qkv = emitter.add(layer: layer, kind: .qkvProjection, shards: tp, shape: .gemm(GEMMShape(
                tokens: tokens, inFeatures: hidden, outFeatures: (model.heads + 2 * model.kvHeads) / tp * headDim,
                kvOutFeatures: 2 * model.kvHeads / tp * headDim)), deps: [norm1])
            var attention: [Int] = []
            for request in stage.requests {
                attention.append(emitter.add(layer: layer, kind: .attention, shards: tp, request: request.id, shape: .attention(AttentionShape(
                    newTokens: request.newTokens, cachedTokens: request.cachedTokens, groupSize: model.groupSize,
                    kvHeads: model.kvHeads / tp, headDim: headDim, scores: options.scores(for: request.phase))), deps: [qkv]))
            }
            var last = emitter.add(layer: layer, kind: .outputProjection, shards: tp, shape: .gemm(GEMMShape(
                tokens: tokens, inFeatures: model.heads / tp * headDim, outFeatures: hidden)), deps: attention)
            if tp > 1 {
                last = emitter.add(layer: layer, kind: .allReduce, shards: tp, shape: .collective(CollectiveShape(
                    pattern: .allReduce, groupSize: tp, elements: tokens * hidden)), deps: [last])
            }
            let norm2 = emitter.add(layer: layer, kind: .norm, shards: tp,
                                    shape: .norm(NormShape(tokens: tokens, hidden: hidden, kind: model.norm)), deps: [last])
            if model.isMoELayer(layer) {
                frontier = try moeBlock(layer: layer, stage: stage.index, tokens: tokens, after: norm2, router: router, emitter: &emitter)
            } else {
                var ffn = emitter.add(layer: layer, kind: .denseFFN, shards: tp, shape: .ffn(FFNShape(
                    tokens: tokens, hidden: hidden, ffn: model.ffn / tp, kind: model.ffnKind,
                    intermediates: options.ffnIntermediates)), deps: [norm2])
                if tp > 1 {
                    ffn = emitter.add(layer: layer, kind: .allReduce, shards: tp, shape: .collective(CollectiveShape(
                        pattern: .allReduce, groupSize: tp, elements: tokens * hidden)), deps: [ffn])
                }
                frontier = [ffn]
            }
        }
        let finalNorm = emitter.add(layer: nil, kind: .norm, shards: tp,
                                    shape: .norm(NormShape(tokens: stage.requests.count, hidden: hidden, kind: model.norm)), deps: frontier)
        emitter.add(layer: nil, kind: .lmHead, shards: tp, shape: .gemm(GEMMShape(
            tokens: stage.requests.count, inFeatures: hidden, outFeatures: model.vocab / tp)), deps: [finalNorm])
        return emitter.operators
    }

    /// Router, dispatch, experts, combine; returns the ids the next layer depends on.
    private func moeBlock(layer: Int, stage: Int, tokens: Int, after norm: Int, router: any ExpertRouter,
                          emitter: inout Emitter) throws(WorkloadInputError) -> [Int] {
        let hidden = model.hidden
        let ep = plan.expertParallel, etp = plan.expertTensorParallel
        let gate = emitter.add(layer: layer, kind: .router, shards: plan.tensorParallel, shape: .router(RouterShape(
            tokens: tokens, hidden: hidden, experts: model.experts, topK: model.topK)), deps: [norm])
        let decision = try router.route(stage: stage, layer: layer, tokens: tokens, experts: model.experts, topK: model.topK)
        precondition(decision.tokens == tokens && decision.topK == model.topK && decision.experts == model.experts,
                     "router returned a decision of the wrong size")
        var ready = gate
        let routedElements = tokens * model.topK * hidden / ep
        if ep > 1 {
            ready = emitter.add(layer: layer, kind: .allToAll, shards: ep, shape: .collective(CollectiveShape(
                pattern: .allToAll, groupSize: ep, elements: routedElements)), deps: [gate])
        }
        var experts: [Int] = []
        for (expert, count) in decision.tokenCounts.enumerated() where count > 0 {
            experts.append(emitter.add(layer: layer, kind: .expertFFN, shards: etp, expert: expert, shape: .ffn(FFNShape(
                tokens: count, hidden: hidden, ffn: model.ffn / etp, kind: model.ffnKind,
                intermediates: options.ffnIntermediates)), deps: [ready]))
        }
        var last = experts
        if ep > 1 {
            last = [emitter.add(layer: layer, kind: .allToAll, shards: ep, shape: .collective(CollectiveShape(
                pattern: .allToAll, groupSize: ep, elements: routedElements)), deps: last)]
        }
        if etp > 1 {
            last = [emitter.add(layer: layer, kind: .allReduce, shards: etp, shape: .collective(CollectiveShape(
                pattern: .allReduce, groupSize: etp, elements: tokens * hidden)), deps: last)]
        }
        return last
    }

    /// Appends operators with consecutive ids.
    private struct Emitter {
        let stage: Int
        let dtype: DType
        var nextID: Int
        var operators: [Operator] = []

        init(stage: Int, dtype: DType, nextID: Int) {
            self.stage = stage
            self.dtype = dtype
            self.nextID = nextID
        }

        @discardableResult
        mutating func add(layer: Int?, kind: OperatorKind, shards: Int, request: Int? = nil, expert: Int? = nil,
                          shape: OperatorShape, deps: [Int]) -> Int {
            let id = nextID
            nextID += 1
            operators.append(Operator(id: id, stage: stage, layer: layer, kind: kind, dtype: dtype, shards: shards,
                                      request: request, expert: expert, shape: shape, dependencies: deps))
            return id
        }
    }
}
