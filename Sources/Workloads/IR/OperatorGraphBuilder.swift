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
    ///
    /// Every layer has the same shapes, so each distinct operator (one per kind, one attention per
    /// request, one expert per token count) is built, checked and costed once per stage as a
    /// template and copied with its id, layer and dependencies. Operators with the same
    /// dependencies share one dependency array (the attention operators of a layer, its experts).
    public func operators(for stage: Stage, router: any ExpertRouter, firstID: Int = 0) throws(WorkloadInputError) -> [Operator] {
        var emitter = Emitter(capacity: operatorCapacity(requests: stage.requests.count), nextID: firstID)
        try emit(stage, router: router, compact: false, into: &emitter)
        return emitter.operators
    }

    /// The operators of `stage` in compact form (`CompactStage`): the head of an MoE layer (norm,
    /// QKV, attention per request, output projection, all-reduce, norm, router, dispatch) and a
    /// whole dense layer, which every layer of the stage repeats, once each; every MoE layer's
    /// expert block (its own routing); the model-level block. Ids from `firstID`, dependencies
    /// inside each block. `compact.expanded(firstID:)` equals `operators(for:router:firstID:)`,
    /// and the router is asked the same questions in the same order.
    public func compactOperators(for stage: Stage, router: any ExpertRouter, firstID: Int = 0) throws(WorkloadInputError) -> CompactStage {
        var emitter = Emitter(capacity: 2 * (stage.requests.count + 12) + model.layers * (model.isMoE ? 2 + model.experts : 0) + 2,
                              nextID: firstID)
        let blocks = try emit(stage, router: router, compact: true, into: &emitter)
        return CompactStage(stage: stage.index, firstID: firstID, operators: emitter.operators, blocks: blocks.ranges,
                            entries: blocks.entries, exits: blocks.exits, sequence: blocks.sequence)
    }

    /// The blocks a compact emission produced: operator positions, the number of entry operators
    /// (first in the block, dependent on the block before), stage order.
    private struct Blocks {
        var ranges: [Range<Int>] = []
        var entries: [Int] = []
        var exits: [[Int]] = []
        var sequence: [CompactStage.Occurrence] = []

        init() {}

        /// Room for a stage of `layers` layers: at most a head or dense block and an expert block
        /// per layer (distinct blocks), plus the model-level block.
        init(layers: Int) {
            ranges.reserveCapacity(layers + 3)
            entries.reserveCapacity(layers + 3)
            exits.reserveCapacity(layers + 3)
            sequence.reserveCapacity(2 * layers + 1)
        }

        /// Closes the block from `first` to the emitter's end, whose operators with ids `exits`
        /// are what the next block depends on, and appends its occurrence.
        mutating func close(from first: Int, entries count: Int, exits ids: [Int], layer: Int?, emitter: Emitter) -> Int {
            let firstID = emitter.nextID - (emitter.operators.count - first)
            ranges.append(first..<emitter.operators.count)
            entries.append(count)
            exits.append(ids.count == 1 ? [ids[0] - firstID] : ids.map { $0 - firstID })
            sequence.append(CompactStage.Occurrence(block: ranges.count - 1, layer: layer))
            return ranges.count - 1
        }
    }

    /// Emits the stage's operators into `emitter`: every operator (`compact` false), or each
    /// repeated block once with its entry operators without dependencies (`compact` true).
    @discardableResult
    private func emit(_ stage: Stage, router: any ExpertRouter, compact: Bool,
                      into emitter: inout Emitter) throws(WorkloadInputError) -> Blocks {
        let tokens = stage.tokens
        let tp = plan.tensorParallel
        let hidden = model.hidden
        let templates = LayerTemplates(builder: self, stage: stage, tokens: tokens)
        var counts: [Int] = []
        var experts = ExpertTemplates(capacity: model.isMoE ? min(model.experts, 16) : 0)
        var frontier: [Int] = []
        var blocks = compact ? Blocks(layers: model.layers) : Blocks()
        // In compact form: the block of an MoE layer's head, and of a whole dense layer, once built.
        var moeHead: Int?, denseLayer: Int?
        for layer in 0..<model.layers {
            let moe = model.isMoELayer(layer)
            if compact, let block = moe ? moeHead : denseLayer {
                blocks.sequence.append(CompactStage.Occurrence(block: block, layer: layer))
            } else {
                let first = emitter.operators.count
                let norm1 = emitter.add(templates.norm, layer: layer, deps: frontier)
                let qkv = emitter.add(templates.qkv, layer: layer, deps: [norm1])
                let afterQKV = [qkv]
                var attention: [Int] = []
                attention.reserveCapacity(templates.attention.count)
                // By index: iterating the array would copy each template once more.
                for request in templates.attention.indices {
                    attention.append(emitter.add(templates.attention[request], layer: layer, deps: afterQKV))
                }
                var last = emitter.add(templates.outputProjection, layer: layer, deps: attention)
                if let allReduce = templates.allReduce { last = emitter.add(allReduce, layer: layer, deps: [last]) }
                let norm2 = emitter.add(templates.norm, layer: layer, deps: [last])
                if moe {
                    guard let routerTemplate = templates.router else { preconditionFailure("MoE layer \(layer) of a dense model") }
                    var ready = emitter.add(routerTemplate, layer: layer, deps: [norm2])
                    if let dispatch = templates.allToAll { ready = emitter.add(dispatch, layer: layer, deps: [ready]) }
                    frontier = [ready]
                    if compact { moeHead = blocks.close(from: first, entries: 1, exits: frontier, layer: layer, emitter: emitter) }
                } else {
                    guard let denseFFN = templates.denseFFN else { preconditionFailure("dense layer \(layer) without a dense FFN template") }
                    var ffn = emitter.add(denseFFN, layer: layer, deps: [norm2])
                    if let allReduce = templates.allReduce { ffn = emitter.add(allReduce, layer: layer, deps: [ffn]) }
                    frontier = [ffn]
                    if compact { denseLayer = blocks.close(from: first, entries: 1, exits: frontier, layer: layer, emitter: emitter) }
                }
                if compact { frontier = [] }
            }
            if moe {
                let first = emitter.operators.count
                let entries: Int
                (frontier, entries) = try expertBlock(layer: layer, stage: stage.index, tokens: tokens, after: frontier, router: router,
                                                      templates: templates, experts: &experts, counts: &counts, emitter: &emitter)
                if compact {
                    _ = blocks.close(from: first, entries: entries, exits: frontier, layer: layer, emitter: emitter)
                    frontier = []
                }
            }
        }
        let modelFirst = emitter.operators.count
        let finalNorm = emitter.add(Template(Operator(id: 0, stage: stage.index, layer: nil, kind: .norm, dtype: model.dtype, shards: tp,
                                                      shape: .norm(NormShape(tokens: stage.requests.count, hidden: hidden, kind: model.norm)),
                                                      dependencies: [])), layer: nil, deps: frontier)
        let lmHead = emitter.add(Template(Operator(id: 0, stage: stage.index, layer: nil, kind: .lmHead, dtype: model.dtype, shards: tp, shape: .gemm(GEMMShape(
            tokens: stage.requests.count, inFeatures: hidden, outFeatures: model.vocab / tp)), dependencies: [])), layer: nil, deps: [finalNorm])
        if compact { _ = blocks.close(from: modelFirst, entries: 1, exits: [lmHead], layer: nil, emitter: emitter) }
        return blocks
    }

    /// An upper bound of the operators of a stage of `requests` requests (for reserving storage).
    private func operatorCapacity(requests: Int) -> Int {
        let attentionBlock = 5 + requests + (plan.tensorParallel > 1 ? 1 : 0)
        let ffnBlock = max(model.isMoE ? 4 + model.experts : 0, 2)
        return model.layers * (attentionBlock + ffnBlock) + 2
    }

    /// Routes the layer and emits its experts (each depending on `ready`: the dispatch, or the
    /// router without one; nothing in compact form), combine and expert all-reduce; returns the
    /// ids the next layer depends on and the number of experts.
    private func expertBlock(layer: Int, stage: Int, tokens: Int, after ready: [Int], router: any ExpertRouter,
                             templates: LayerTemplates, experts: inout ExpertTemplates, counts: inout [Int],
                             emitter: inout Emitter) throws(WorkloadInputError) -> ([Int], Int) {
        try router.tokenCounts(stage: stage, layer: layer, tokens: tokens, experts: model.experts, topK: model.topK, into: &counts)
        precondition(counts.count == model.experts, "router returned a decision of the wrong size")
        let firstExpert = emitter.nextID
        for expert in 0..<counts.count where counts[expert] > 0 {
            let template = experts.index(tokens: counts[expert]) { tokens in
                Template(Operator(id: 0, stage: stage, layer: layer, kind: .expertFFN, dtype: model.dtype, shards: plan.expertTensorParallel,
                         expert: expert, shape: .ffn(FFNShape(tokens: tokens, hidden: model.hidden, ffn: model.ffn / plan.expertTensorParallel,
                                                              kind: model.ffnKind, intermediates: options.ffnIntermediates)), dependencies: []))
            }
            emitter.add(experts.templates[template], layer: layer, expert: expert, deps: ready)
        }
        // The experts have consecutive ids: one allocation, no growth.
        var last = Array(firstExpert..<emitter.nextID)
        let count = last.count
        if let combine = templates.allToAll { last = [emitter.add(combine, layer: layer, deps: last)] }
        if let allReduce = templates.expertAllReduce { last = [emitter.add(allReduce, layer: layer, deps: last)] }
        return (last, count)
    }

    /// An operator of the stage without its id, layer and dependencies, built and checked once as
    /// an `Operator` and then stamped for every place it occurs (`Emitter.add`). Plain values only:
    /// copying one copies no reference (an `Operator`'s dependency array makes each of its copies
    /// a reference-counting operation).
    private struct Template {
        let stage: Int
        let kind: OperatorKind
        let dtype: DType
        let shards: Int
        let request: Int?
        let expert: Int?
        let shape: OperatorShape
        let cost: OperatorCost

        init(_ op: Operator) {
            stage = op.stage; kind = op.kind; dtype = op.dtype; shards = op.shards; request = op.request; expert = op.expert
            shape = op.shape; cost = op.cost
        }
    }

    /// The operators every layer of one stage repeats, built once per stage (`Emitter.add` sets
    /// ids, layers and dependencies).
    private struct LayerTemplates {
        let norm: Template
        let qkv: Template
        /// One per request of the stage, in its order.
        let attention: [Template]
        let outputProjection: Template
        /// After the output projection and the dense FFN, when TP > 1.
        let allReduce: Template?
        /// When the model has a dense layer.
        let denseFFN: Template?
        /// When the model has an MoE layer.
        let router: Template?
        /// Dispatch and combine, when EP > 1.
        let allToAll: Template?
        /// Of the expert partial sums, when expert TP > 1.
        let expertAllReduce: Template?

        init(builder: OperatorGraphBuilder, stage: Stage, tokens: Int) {
            let model = builder.model, plan = builder.plan, options = builder.options
            let tp = plan.tensorParallel, hidden = model.hidden, headDim = model.headDim
            func make(_ kind: OperatorKind, shards: Int, request: Int? = nil, _ shape: OperatorShape) -> Template {
                Template(Operator(id: 0, stage: stage.index, layer: 0, kind: kind, dtype: model.dtype, shards: shards, request: request,
                                  shape: shape, dependencies: []))
            }
            norm = make(.norm, shards: tp, .norm(NormShape(tokens: tokens, hidden: hidden, kind: model.norm)))
            qkv = make(.qkvProjection, shards: tp, .gemm(GEMMShape(
                tokens: tokens, inFeatures: hidden, outFeatures: (model.heads + 2 * model.kvHeads) / tp * headDim,
                kvOutFeatures: 2 * model.kvHeads / tp * headDim)))
            var attention: [Template] = []
            attention.reserveCapacity(stage.requests.count)
            for request in stage.requests {
                attention.append(make(.attention, shards: tp, request: request.id, .attention(AttentionShape(
                    newTokens: request.newTokens, cachedTokens: request.cachedTokens, groupSize: model.groupSize,
                    kvHeads: model.kvHeads / tp, headDim: headDim, scores: options.scores(for: request.phase)))))
            }
            self.attention = attention
            outputProjection = make(.outputProjection, shards: tp, .gemm(GEMMShape(
                tokens: tokens, inFeatures: model.heads / tp * headDim, outFeatures: hidden)))
            allReduce = tp > 1 ? make(.allReduce, shards: tp, .collective(CollectiveShape(
                pattern: .allReduce, groupSize: tp, elements: tokens * hidden))) : nil
            let layers = 0..<model.layers
            denseFFN = layers.contains { !model.isMoELayer($0) } ? make(.denseFFN, shards: tp, .ffn(FFNShape(
                tokens: tokens, hidden: hidden, ffn: model.ffn / tp, kind: model.ffnKind, intermediates: options.ffnIntermediates))) : nil
            let ep = plan.expertParallel, etp = plan.expertTensorParallel
            router = layers.contains(where: model.isMoELayer) ? make(.router, shards: tp, .router(RouterShape(
                tokens: tokens, hidden: hidden, experts: model.experts, topK: model.topK))) : nil
            allToAll = ep > 1 ? make(.allToAll, shards: ep, .collective(CollectiveShape(
                pattern: .allToAll, groupSize: ep, elements: tokens * model.topK * hidden / ep))) : nil
            expertAllReduce = etp > 1 ? make(.allReduce, shards: etp, .collective(CollectiveShape(
                pattern: .allReduce, groupSize: etp, elements: tokens * hidden))) : nil
        }
    }

    /// Expert FFN templates of one stage by token count (all experts share one shape), looked up
    /// linearly: a stage has few distinct counts.
    private struct ExpertTemplates {
        private var tokens: [Int] = []
        private(set) var templates: [Template] = []

        /// Room for `capacity` distinct counts before growing.
        init(capacity: Int) {
            tokens.reserveCapacity(capacity)
            templates.reserveCapacity(capacity)
        }

        /// The position in `templates` of the template for `count` tokens, made on first use.
        mutating func index(tokens count: Int, make: (Int) -> Template) -> Int {
            if let index = tokens.firstIndex(of: count) { return index }
            tokens.append(count)
            templates.append(make(count))
            return templates.count - 1
        }
    }

    /// Appends copies of templates with consecutive ids.
    private struct Emitter {
        var nextID: Int
        var operators: [Operator] = []

        init(capacity: Int, nextID: Int) {
            self.nextID = nextID
            operators.reserveCapacity(capacity)
        }

        /// Appends `template` with the next id, `layer`, `deps` and (when given) `expert`; returns the id.
        @discardableResult
        mutating func add(_ template: Template, layer: Int?, expert: Int? = nil, deps: [Int]) -> Int {
            let id = nextID
            nextID += 1
            operators.append(Operator(id: id, stage: template.stage, layer: layer, kind: template.kind, dtype: template.dtype,
                                      shards: template.shards, request: template.request, expert: expert ?? template.expert,
                                      checkedShape: template.shape, cost: template.cost, dependencies: deps))
            return id
        }
    }
}
