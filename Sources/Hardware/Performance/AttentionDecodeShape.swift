import Units

/// One decode step of attention: `batch` requests, each one new query token against a KV cache
/// of `kvLength` tokens, GQA with `queryHeads` / `kvHeads` heads of `headDim`.
public struct AttentionDecodeShape: Sendable, Equatable {
    public let batch: Int64
    public let kvLength: Int64
    public let queryHeads: Int64
    public let kvHeads: Int64
    public let headDim: Int64
    public let dtype: DataType

    public init(batch: Int64, kvLength: Int64, queryHeads: Int64, kvHeads: Int64, headDim: Int64, dtype: DataType = .fp16) {
        precondition(batch > 0 && kvLength > 0 && queryHeads > 0 && kvHeads > 0 && headDim > 0,
                     "attention dimensions must be positive")
        precondition(queryHeads % kvHeads == 0, "query heads (\(queryHeads)) must be a multiple of KV heads (\(kvHeads))")
        self.batch = batch
        self.kvLength = kvLength
        self.queryHeads = queryHeads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.dtype = dtype
    }

    /// 4 b h_q L d (score and context, 2 FLOP per MAC).
    public var flops: FLOPCount { FLOPCount(flops: 4 * batch * queryHeads * kvLength * headDim) }

    /// The KV cache read once per KV head (GQA shares it across the group), plus Q read and O written.
    public var bytes: ByteCount {
        ByteCount(bytes: dtype.bytesPerElement * (2 * batch * kvHeads * kvLength * headDim + 2 * batch * queryHeads * headDim))
    }
}
