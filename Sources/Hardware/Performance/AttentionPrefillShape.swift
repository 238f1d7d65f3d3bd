import Units

/// A prefill (self-)attention: `batch` sequences of `sequenceLength` tokens, GQA with
/// `queryHeads` / `kvHeads` heads of `headDim`.
public struct AttentionPrefillShape: Sendable, Equatable {
    public let batch: Int64
    public let sequenceLength: Int64
    public let queryHeads: Int64
    public let kvHeads: Int64
    public let headDim: Int64
    public let causal: Bool
    public let dtype: DataType

    public init(batch: Int64, sequenceLength: Int64, queryHeads: Int64, kvHeads: Int64, headDim: Int64,
                causal: Bool, dtype: DataType = .fp16) {
        precondition(batch > 0 && sequenceLength > 0 && queryHeads > 0 && kvHeads > 0 && headDim > 0,
                     "attention dimensions must be positive")
        precondition(queryHeads % kvHeads == 0, "query heads (\(queryHeads)) must be a multiple of KV heads (\(kvHeads))")
        self.batch = batch
        self.sequenceLength = sequenceLength
        self.queryHeads = queryHeads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.causal = causal
        self.dtype = dtype
    }

    /// FLOPs as FlashAttention's benchmarks count them: forward 4 b h s^2 d (QK^T and PV),
    /// halved when causal; forward + backward 3.5x that (rounded down to whole FLOPs).
    public func flops(_ pass: AttentionPass) -> FLOPCount {
        var forward = 4 * batch * queryHeads * sequenceLength * sequenceLength * headDim
        if causal { forward /= 2 }
        return FLOPCount(flops: Int64(Double(forward) * pass.flopMultiplier))
    }

    /// Compulsory HBM traffic (score matrix kept on chip): forward reads Q, K, V and writes O;
    /// the backward pass also reads Q, K, V, O, dO and writes dQ, dK, dV.
    public func bytes(_ pass: AttentionPass) -> ByteCount {
        let q = batch * sequenceLength * queryHeads * headDim
        let kv = batch * sequenceLength * kvHeads * headDim
        let elements = pass == .forward ? 2 * q + 2 * kv : 6 * q + 6 * kv
        return ByteCount(bytes: elements * dtype.bytesPerElement)
    }
}
