import Units

/// Attention of one request over `kvHeads` KV heads (one TP shard's heads), each KV head shared
/// by `groupSize` query heads (GQA; 1 = MHA).
///
/// The request has `newTokens` queries (prefill: the prompt or a chunk of it; decode: 1) and
/// `cachedTokens` earlier tokens in the KV cache; its context is c + n = `cachedTokens + newTokens`
/// (the new tokens' K/V were written by the QKV projection). Per KV head (one *fragment*, the
/// unit a device model splits attention into), with s = bytes per element, d = headDim,
/// g = groupSize, n = newTokens, c = cachedTokens:
/// - score elements E = g * n * (c + n) when scores are `.materialized` (the full rectangle,
///   masked entries included); E = g * (n*c + n(n+1)/2) when `.fused` (causal work only).
///   Decode (n = 1) gives g * (c + 1) either way.
/// - FLOPs = 2*E*d (QK^T) + 2*E*d (PV) + `Accounting.softmaxFLOPsPerElement` * E
/// - kv_read = 2 * (c + n) * d * s (K and V read once per KV head, not once per query head)
/// - act_in = g * n * d * s (Q); act_out = g * n * d * s (the context vectors)
/// - intermediate = 2 * E * s when materialized (scores written once, read once), else 0
/// The operator's cost is the fragment cost times `kvHeads`.
public struct AttentionShape: Hashable, Sendable, Codable {
    public var newTokens: Int
    public var cachedTokens: Int
    public var groupSize: Int
    public var kvHeads: Int
    public var headDim: Int
    public var scores: ScoreHandling

    public init(newTokens: Int, cachedTokens: Int, groupSize: Int, kvHeads: Int, headDim: Int, scores: ScoreHandling) {
        self.newTokens = newTokens; self.cachedTokens = cachedTokens; self.groupSize = groupSize
        self.kvHeads = kvHeads; self.headDim = headDim; self.scores = scores
    }

    enum CodingKeys: String, CodingKey {
        case newTokens = "new_tokens", cachedTokens = "cached_tokens", groupSize = "group_size"
        case kvHeads = "kv_heads", headDim = "head_dim", scores
    }

    /// Context length c + n: the tokens whose K and V are read.
    public var contextTokens: Int { cachedTokens + newTokens }

    /// Score elements of one KV head's group (see the type's documentation).
    public var scoreElementsPerKVHead: Int64 {
        let g = Int64(groupSize), n = Int64(newTokens), c = Int64(cachedTokens)
        switch scores {
        case .materialized: return g * n * (c + n)
        case .fused: return g * (n * c + n * (n + 1) / 2)
        }
    }

    public var problems: [(field: String, reason: String)] {
        var found: [(String, String)] = []
        if newTokens < 1 { found.append(("new_tokens", "must be positive, got \(newTokens)")) }
        if cachedTokens < 0 { found.append(("cached_tokens", "must not be negative, got \(cachedTokens)")) }
        if groupSize < 1 { found.append(("group_size", "must be positive, got \(groupSize)")) }
        if kvHeads < 1 { found.append(("kv_heads", "must be positive, got \(kvHeads)")) }
        if headDim < 1 { found.append(("head_dim", "must be positive, got \(headDim)")) }
        return found
    }

    /// An upper bound of the largest count in `cost`, in floating point (overflow guard).
    var workBound: Double {
        let n = Double(newTokens), context = Double(cachedTokens) + n, g = Double(groupSize), d = Double(headDim)
        return Double(kvHeads) * (g * n * context * (4 * d + 9) + 4 * (context + g * n) * d)
    }

    /// The cost of one KV head (one fragment).
    public func fragmentCost(dtype: DType) -> OperatorCost {
        let s = dtype.bytesPerElement, d = Int64(headDim), g = Int64(groupSize), n = Int64(newTokens)
        let e = scoreElementsPerKVHead
        let flops = FLOPCount.macs(2 * e * d) + FLOPCount(flops: Accounting.softmaxFLOPsPerElement * e)
        let memory = TrafficBytes(
            kvRead: ByteCount(bytes: 2 * Int64(contextTokens) * d * s),
            activationsIn: ByteCount(bytes: g * n * d * s),
            activationsOut: ByteCount(bytes: g * n * d * s),
            intermediate: ByteCount(bytes: scores == .materialized ? 2 * e * s : 0))
        return OperatorCost(flops: flops, memory: memory)
    }

    public func cost(dtype: DType) -> OperatorCost { fragmentCost(dtype: dtype) * Int64(kvHeads) }
}
