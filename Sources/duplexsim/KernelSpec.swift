import Workloads

/// A `duplexsim kernel --op` specification: one operator (or the operators of one MoE layer or
/// one batch of attention) to time in isolation.
///
/// Forms: `gemm:M,K,N`; `attention-decode:BATCH,KV_LEN,Q_HEADS,KV_HEADS,HEAD_DIM` (KV_LEN is the
/// context including the new token); `attention-prefill:BATCH,SEQ,Q_HEADS,KV_HEADS,HEAD_DIM[,causal]`
/// (causal: causal work only, scores on chip; otherwise the full score rectangle, written to
/// memory); `moe:TOKENS,EXPERTS,TOPK,HIDDEN,FFN` (router, then SwiGLU experts with the T*k
/// choices spread as evenly as possible); `stream:BYTES`.
enum KernelSpec: Equatable {
    case operators([Operator], experts: Int)
    case stream(bytes: Int64)

    static let forms = "gemm:M,K,N | attention-decode:BATCH,KV_LEN,Q_HEADS,KV_HEADS,HEAD_DIM | "
        + "attention-prefill:BATCH,SEQ,Q_HEADS,KV_HEADS,HEAD_DIM[,causal] | moe:TOKENS,EXPERTS,TOPK,HIDDEN,FFN | stream:BYTES"

    static func parse(_ text: String, dtype: DType) throws(WorkloadInputError) -> KernelSpec {
        func fail(_ reason: String) -> WorkloadInputError {
            WorkloadInputError(source: "--op", field: text, reason: reason + "; forms: \(forms)")
        }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw fail("missing \"kind:\"") }
        var fields = parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var causal = false
        if parts[0] == "attention-prefill", fields.last == "causal" { causal = true; fields.removeLast() }
        var numbers: [Int] = []
        for f in fields {
            guard let n = Int(f), n > 0 else { throw fail("\"\(f)\" is not a positive integer") }
            numbers.append(n)
        }
        func need(_ count: Int) throws(WorkloadInputError) {
            if numbers.count != count { throw fail("\(parts[0]) takes \(count) numbers, got \(numbers.count)") }
        }
        func attention(newTokens: Int, cached: Int, scores: ScoreHandling) throws(WorkloadInputError) -> KernelSpec {
            try need(5)
            let (batch, heads, kvHeads, headDim) = (numbers[0], numbers[2], numbers[3], numbers[4])
            if heads % kvHeads != 0 { throw fail("Q_HEADS \(heads) is not a multiple of KV_HEADS \(kvHeads)") }
            let shape = AttentionShape(newTokens: newTokens, cachedTokens: cached, groupSize: heads / kvHeads, kvHeads: kvHeads,
                                       headDim: headDim, scores: scores)
            return .operators((0..<batch).map {
                Operator(id: $0, stage: 0, layer: 0, kind: .attention, dtype: dtype, shards: 1, request: $0,
                         shape: .attention(shape), dependencies: [])
            }, experts: 0)
        }
        switch parts[0] {
        case "gemm":
            try need(3)
            return .operators([Operator(id: 0, stage: 0, layer: 0, kind: .outputProjection, dtype: dtype, shards: 1,
                                        shape: .gemm(GEMMShape(tokens: numbers[0], inFeatures: numbers[1], outFeatures: numbers[2])),
                                        dependencies: [])], experts: 0)
        case "attention-decode":
            guard numbers.count == 5, numbers[1] >= 2 else { throw fail("attention-decode takes 5 numbers and KV_LEN >= 2") }
            return try attention(newTokens: 1, cached: numbers[1] - 1, scores: .fused)
        case "attention-prefill":
            guard numbers.count == 5 else { throw fail("attention-prefill takes 5 numbers (and optionally causal)") }
            return try attention(newTokens: numbers[1], cached: 0, scores: causal ? .fused : .materialized)
        case "moe":
            try need(5)
            let (tokens, experts, topK, hidden, ffn) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
            if topK > experts { throw fail("TOPK \(topK) exceeds EXPERTS \(experts)") }
            var ops = [Operator(id: 0, stage: 0, layer: 0, kind: .router, dtype: dtype, shards: 1,
                                shape: .router(RouterShape(tokens: tokens, hidden: hidden, experts: experts, topK: topK)), dependencies: [])]
            let choices = tokens * topK
            for e in 0..<experts {
                let count = choices / experts + (e < choices % experts ? 1 : 0)
                guard count > 0 else { continue }
                ops.append(Operator(id: ops.count, stage: 0, layer: 0, kind: .expertFFN, dtype: dtype, shards: 1, expert: e,
                                    shape: .ffn(FFNShape(tokens: count, hidden: hidden, ffn: ffn, kind: .swiglu,
                                                         intermediates: AccountingOptions.paper.ffnIntermediates)),
                                    dependencies: [0]))
            }
            return .operators(ops, experts: experts)
        case "stream":
            try need(1)
            return .stream(bytes: Int64(numbers[0]))
        default:
            throw fail("unknown kind \"\(parts[0])\"")
        }
    }
}
