/// An LLM's architecture, as data (`Workloads/models/<name>.json`, format in docs/workloads.md).
///
/// Only what determines operator shapes is here: sizes, head layout, expert layout, FFN and norm
/// kinds, element type. Dense models have `experts == 0`, `topK == 0`, `moeLayerInterval == 0`.
/// Construct through `ModelCatalog` or `validated(source:)`, which check every invariant that
/// the operator builder relies on.
public struct ModelConfig: Codable, Hashable, Sendable {
    /// The model's name, equal to its file name without `.json` (e.g. "mixtral-8x7b").
    public var name: String
    /// Where the numbers come from (paper table, model card).
    public var source: String
    /// Transformer blocks.
    public var layers: Int
    /// Model (residual stream) width, elements.
    public var hidden: Int
    /// FFN intermediate width of the dense FFN and of each expert, elements.
    public var ffn: Int
    /// Query heads.
    public var heads: Int
    /// Key/value heads; `heads / kvHeads` query heads share one (GQA group). MHA: equal to heads.
    public var kvHeads: Int
    /// Width of one head, elements.
    public var headDim: Int
    /// Experts per MoE layer; 0 for a dense model.
    public var experts: Int
    /// Experts each token is routed to; 0 for a dense model.
    public var topK: Int
    /// Every `moeLayerInterval`-th layer is MoE (1: every layer, 2: every other layer); 0: none.
    /// Layer `i` (0-based) is MoE when `(i + 1) % moeLayerInterval == 0` (GShard/GLaM layout).
    public var moeLayerInterval: Int
    /// Structure of the dense FFN and of each expert.
    public var ffnKind: FFNKind
    /// Normalisation layer.
    public var norm: NormKind
    /// Vocabulary size (LM head columns).
    public var vocab: Int
    /// Element type of weights, activations and KV cache.
    public var dtype: DType
    /// The longest context (prompt + generated tokens) the model supports, from its public
    /// config; nil when no limit is recorded (optional key `max_context`).
    public var maxContext: Int?

    enum CodingKeys: String, CodingKey {
        case name, source, layers, hidden, ffn, heads
        case kvHeads = "kv_heads", headDim = "head_dim", experts, topK = "top_k"
        case moeLayerInterval = "moe_layer_interval", ffnKind = "ffn_kind", norm, vocab, dtype
        case maxContext = "max_context"
    }

    public init(name: String, source: String, layers: Int, hidden: Int, ffn: Int, heads: Int, kvHeads: Int,
                headDim: Int, experts: Int, topK: Int, moeLayerInterval: Int, ffnKind: FFNKind,
                norm: NormKind, vocab: Int, dtype: DType, maxContext: Int? = nil) {
        self.name = name; self.source = source; self.layers = layers; self.hidden = hidden; self.ffn = ffn
        self.heads = heads; self.kvHeads = kvHeads; self.headDim = headDim; self.experts = experts
        self.topK = topK; self.moeLayerInterval = moeLayerInterval; self.ffnKind = ffnKind
        self.norm = norm; self.vocab = vocab; self.dtype = dtype; self.maxContext = maxContext
    }

    /// Query heads per KV head (GQA group size; 1 for MHA).
    public var groupSize: Int { heads / kvHeads }
    /// Whether any layer has experts.
    public var isMoE: Bool { experts > 0 }
    /// Whether layer `layer` (0-based) is an MoE layer.
    public func isMoELayer(_ layer: Int) -> Bool {
        precondition((0..<layers).contains(layer), "layer \(layer) outside 0..<\(layers)")
        return moeLayerInterval > 0 && (layer + 1) % moeLayerInterval == 0
    }
    /// Number of MoE layers.
    public var moeLayerCount: Int { moeLayerInterval == 0 ? 0 : layers / moeLayerInterval }

    /// Every problem with this config, named by `source` and field (empty when valid).
    public func problems(source: String) -> [InputProblem] {
        var found: [InputProblem] = []
        func fail(_ field: CodingKeys, _ reason: String) {
            found.append(InputProblem(source: source, field: field.rawValue, reason: reason))
        }
        let positive: [(CodingKeys, Int)] = [(.layers, layers), (.hidden, hidden), (.ffn, ffn), (.heads, heads),
                                            (.kvHeads, kvHeads), (.headDim, headDim), (.vocab, vocab)]
        for (field, value) in positive where value <= 0 { fail(field, "must be positive, got \(value)") }
        if let maxContext, maxContext < 2 { fail(.maxContext, "must be at least 2 tokens, got \(maxContext)") }
        if name.isEmpty { fail(.name, "must not be empty") }
        if source.isEmpty { fail(.source, "must name where the numbers come from") }
        if heads > 0, kvHeads > 0, heads % kvHeads != 0 {
            fail(.kvHeads, "\(heads) heads are not divisible by \(kvHeads) KV heads")
        }
        if kvHeads > heads, heads > 0 { fail(.kvHeads, "\(kvHeads) KV heads exceed \(heads) query heads") }
        if experts < 0 { fail(.experts, "must be 0 (dense) or positive, got \(experts)") }
        if experts > 0 {
            if topK < 1 || topK > experts { fail(.topK, "must be in 1...\(experts) (experts), got \(topK)") }
            if moeLayerInterval < 1 { fail(.moeLayerInterval, "must be >= 1 for an MoE model, got \(moeLayerInterval)") }
            if moeLayerInterval > layers, layers > 0 {
                fail(.moeLayerInterval, "\(moeLayerInterval) exceeds \(layers) layers, so no layer would be MoE")
            }
        } else if experts == 0 {
            if topK != 0 { fail(.topK, "must be 0 for a dense model (experts is 0), got \(topK)") }
            if moeLayerInterval != 0 { fail(.moeLayerInterval, "must be 0 for a dense model (experts is 0), got \(moeLayerInterval)") }
        }
        return found
    }

    /// This config if valid, else an error listing every problem.
    public func validated(source: String) throws(WorkloadInputError) -> ModelConfig {
        let found = problems(source: source)
        guard found.isEmpty else { throw WorkloadInputError(found) }
        return self
    }
}
