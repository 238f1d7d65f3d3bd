/// The exact FLOP and byte formulas of a fragment (s = bytes per element of the storage
/// format, g = query heads per KV head, d = head dimension, |X| = size of a range). These are
/// the formulas the `Workloads` analytic accounting must reproduce for a plan to pass;
/// docs/reference.md lists them with examples.
///
/// - GEMM (rows R, columns C, inner K): FLOPs 2|R||K||C|; activationsIn |R||K|s; weights
///   |K||C|s; outputs |R||C|s when K is all of k, else partials |R||C|s.
/// - Decode attention (requests, KV heads n_h, key range K), per request r with context L_r
///   and n = |K intersect [0, L_r)| > 0: FLOPs 4 g n_h d n (scores 2 g n_h n d + context
///   2 g n_h n d); activationsIn g n_h d s (queries); kvCache 2 n_h n d s; outputs g n_h d s
///   when n = L_r, else partials g n_h (d + 2) s (o, m, l per query head).
/// - Prefill attention (requests, KV heads n_h, query rows Q, key range K), per request r
///   with prompt T_r, per row i in Q intersect [0, T_r), with visible keys V_i = [0, i] if
///   causal else [0, T_r) and n_i = |V_i intersect K| > 0: FLOPs 4 g n_h d n_i; activationsIn
///   g n_h d s; outputs g n_h d s when V_i is inside K, else partials g n_h (d + 2) s; plus
///   kvCache 2 n_h d s times |union_i (V_i intersect K)| per request (each key read once).
///   Masked positions cost nothing (no FLOPs, no bytes).
/// - MoE (experts E, FFN columns C), per expert e in E with n_e > 0 routed tokens and
///   M = 3 (SwiGLU) or 2 (GELU) matrices: FLOPs 2 M n_e hidden |C|; weights M hidden |C| s;
///   activationsIn n_e hidden s; outputs n_e hidden s when C is all of ffn, else partials
///   n_e hidden s. Experts without tokens cost nothing.
extension PlannedOperation {
    /// The cost of computing `region` (assumed valid, see `problems(in:)`).
    public func cost(of region: FragmentRegion, storage: StorageFormat) -> OperatorCost {
        let s = Int64(storage.bytesPerElement)
        var cost = OperatorCost.zero
        switch self {
        case .gemm(let op):
            let rows = Int64((region.rows ?? 0..<op.m).count)
            let cols = Int64((region.columns ?? 0..<op.n).count)
            let inner = region.inner ?? 0..<op.k
            let k = Int64(inner.count)
            cost.flops = 2 * rows * k * cols
            cost.bytes.activationsIn = rows * k * s
            cost.bytes.weights = k * cols * s
            if inner.count == op.k { cost.bytes.outputs = rows * cols * s } else { cost.bytes.partials = rows * cols * s }
        case .attentionDecode(let op):
            let g = Int64(op.shape.group), d = Int64(op.shape.headDim)
            let nh = Int64((region.kvHeads ?? 0..<op.shape.kvHeads).count)
            for r in region.requests ?? 0..<op.contextLengths.count {
                let length = op.contextLengths[r]
                let n = Int64((region.keyTokens ?? 0..<length).clamped(to: 0..<length).count)
                guard n > 0 else { continue }
                cost.flops += 4 * g * nh * d * n
                cost.bytes.activationsIn += g * nh * d * s
                cost.bytes.kvCache += 2 * nh * n * d * s
                if n == Int64(length) { cost.bytes.outputs += g * nh * d * s } else { cost.bytes.partials += g * nh * (d + 2) * s }
            }
        case .attentionPrefill(let op):
            let g = Int64(op.shape.group), d = Int64(op.shape.headDim)
            let nh = Int64((region.kvHeads ?? 0..<op.shape.kvHeads).count)
            for r in region.requests ?? 0..<op.promptLengths.count {
                let length = op.promptLengths[r]
                let keys = region.keyTokens ?? 0..<length
                var lastVisible = -1
                for i in (region.queryTokens ?? 0..<length).clamped(to: 0..<length) {
                    let visible = op.causal ? 0..<(i + 1) : 0..<length
                    let n = Int64(visible.clamped(to: keys).count)
                    guard n > 0 else { continue }
                    lastVisible = max(lastVisible, visible.upperBound - 1)
                    cost.flops += 4 * g * nh * d * n
                    cost.bytes.activationsIn += g * nh * d * s
                    if n == Int64(visible.count) { cost.bytes.outputs += g * nh * d * s } else { cost.bytes.partials += g * nh * (d + 2) * s }
                }
                if lastVisible >= 0 {
                    cost.bytes.kvCache += 2 * nh * d * s * Int64((0..<(lastVisible + 1)).clamped(to: keys).count)
                }
            }
        case .moe(let op):
            let m = Int64(op.activation.matrixCount), hidden = Int64(op.hidden)
            let cols = Int64((region.columns ?? 0..<op.ffn).count)
            for e in region.experts ?? Array(0..<op.experts) {
                let n = Int64(op.tokens(routedTo: e).count)
                guard n > 0 else { continue }
                cost.flops += 2 * m * n * hidden * cols
                cost.bytes.weights += m * hidden * cols * s
                cost.bytes.activationsIn += n * hidden * s
                if cols == Int64(op.ffn) { cost.bytes.outputs += n * hidden * s } else { cost.bytes.partials += n * hidden * s }
            }
        }
        return cost
    }

    /// Why `region` is not a valid fragment of this operator (empty when it is): fields that
    /// do not apply, ranges outside the extents or empty, unknown experts.
    public func problems(in region: FragmentRegion) -> [String] {
        var problems: [String] = []
        func check(_ name: String, _ range: Range<Int>?, within extent: Int) {
            guard let range else { return }
            if range.isEmpty || range.lowerBound < 0 || range.upperBound > extent {
                problems.append("\(name) \(range) is empty or outside 0..<\(extent)")
            }
        }
        func forbid(_ name: String, _ present: Bool) {
            if present { problems.append("\(name) does not apply to \(kind)") }
        }
        switch self {
        case .gemm(let op):
            check("rows", region.rows, within: op.m)
            check("columns", region.columns, within: op.n)
            check("inner", region.inner, within: op.k)
            forbid("requests", region.requests != nil); forbid("kvHeads", region.kvHeads != nil)
            forbid("queryTokens", region.queryTokens != nil); forbid("keyTokens", region.keyTokens != nil)
            forbid("experts", region.experts != nil)
        case .attentionDecode(let op):
            check("requests", region.requests, within: op.contextLengths.count)
            check("kvHeads", region.kvHeads, within: op.shape.kvHeads)
            check("keyTokens", region.keyTokens, within: op.contextLengths.max() ?? 0)
            forbid("queryTokens", region.queryTokens != nil); forbid("rows", region.rows != nil)
            forbid("columns", region.columns != nil); forbid("inner", region.inner != nil)
            forbid("experts", region.experts != nil)
        case .attentionPrefill(let op):
            let longest = op.promptLengths.max() ?? 0
            check("requests", region.requests, within: op.promptLengths.count)
            check("kvHeads", region.kvHeads, within: op.shape.kvHeads)
            check("queryTokens", region.queryTokens, within: longest)
            check("keyTokens", region.keyTokens, within: longest)
            forbid("rows", region.rows != nil); forbid("columns", region.columns != nil)
            forbid("inner", region.inner != nil); forbid("experts", region.experts != nil)
        case .moe(let op):
            check("columns", region.columns, within: op.ffn)
            if let experts = region.experts {
                if experts.isEmpty || experts.contains(where: { $0 < 0 || $0 >= op.experts }) || Set(experts).count != experts.count {
                    problems.append("experts \(experts) must be distinct indices in 0..<\(op.experts)")
                }
            }
            forbid("requests", region.requests != nil); forbid("kvHeads", region.kvHeads != nil)
            forbid("queryTokens", region.queryTokens != nil); forbid("keyTokens", region.keyTokens != nil)
            forbid("rows", region.rows != nil); forbid("inner", region.inner != nil)
        }
        return problems
    }
}
