/// The head configuration of one attention layer.
///
/// `queryHeads` H query heads share `kvHeads` H_kv key/value heads in groups of
/// g = H / H_kv consecutive query heads (query head h reads KV head h / g):
/// g = 1 is multi-head attention (MHA), 1 < g < H grouped-query attention (GQA),
/// H_kv = 1 multi-query attention (MQA). Source: Ainslie et al., "GQA" (EMNLP 2023).
public struct AttentionShape: Codable, Sendable, Equatable, Hashable {
    /// Query heads H.
    public let queryHeads: Int
    /// Key/value heads H_kv (divides H).
    public let kvHeads: Int
    /// Elements per head d.
    public let headDim: Int

    /// A head configuration; precondition: positive extents and H_kv divides H.
    public init(queryHeads: Int, kvHeads: Int, headDim: Int) {
        precondition(queryHeads > 0 && kvHeads > 0 && headDim > 0, "non-positive attention extent")
        precondition(queryHeads % kvHeads == 0, "kvHeads \(kvHeads) must divide queryHeads \(queryHeads)")
        self.queryHeads = queryHeads
        self.kvHeads = kvHeads
        self.headDim = headDim
    }

    /// Query heads per KV head g = H / H_kv (the decode-attention Op/B in FP16).
    public var group: Int { queryHeads / kvHeads }

    /// The default score scale 1/sqrt(d), in `T` (the kernels and the oracle use this same
    /// rounded value, so it adds no error between them).
    public func scale<T: ReferenceScalar>(_: T.Type = T.self) -> T { 1 / T.squareRoot(T(headDim)) }
}
