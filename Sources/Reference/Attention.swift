/// Scaled dot-product attention, MHA/GQA/MQA (`AttentionShape`), in two forms:
///
/// - the *unsplit reference*: per query row, scores s_j = (q . k_j) * scale (dot product in
///   key-dimension order, rounded to storage), probabilities by `Softmax.stable` (rounded to
///   storage), output sum_j p_j v_j (in key order, rounded to storage);
/// - *partials* (`OnlineSoftmaxPartial`) over a KV-head range and a key-token range, which a
///   split dataflow computes on different units and merges.
///
/// Layouts (row-major): decode query `[H, d]`, prefill queries/outputs `[T, H, d]`, keys and
/// values `[L, H_kv, d]`. Query head h reads KV head h / g.
/// Cost of one query row and head over L keys: 2 L d (scores) + 2 L d (context) FLOPs;
/// O(L d) time. Softmax exponentials are not FLOPs in the accounting (`PlannedOperation.cost(of:storage:)`).
public enum Attention {
    /// The scores (q_h . k_j) * scale for keys `keys` of query row `row`, rounded to storage.
    /// `query` is `[rows, H, d]` (rank 3) or `[H, d]` (rank 2, one row).
    static func scores<T: ReferenceScalar>(
        query: Tensor<T>, row: Int, head: Int, keys: Tensor<T>, tokens: Range<Int>,
        shape: AttentionShape, scale: T, storage: StorageFormat
    ) -> [T] {
        let d = shape.headDim, hkv = shape.kvHeads
        let kvHead = head / shape.group
        let qBase = (row * shape.queryHeads + head) * d
        var out: [T] = []
        out.reserveCapacity(tokens.count)
        query.elements.withUnsafeBufferPointer { q in
            keys.elements.withUnsafeBufferPointer { k in
                for j in tokens {
                    let kBase = (j * hkv + kvHead) * d
                    var dot: T = 0
                    for c in 0..<d { dot += q[qBase + c] * k[kBase + c] }
                    out.append(storage.round(dot * scale))
                }
            }
        }
        return out
    }

    /// One output row (`d` values) of the unsplit reference for query `row`, head `head`, over
    /// keys `0..<keyCount`.
    static func referenceRow<T: ReferenceScalar>(
        query: Tensor<T>, row: Int, head: Int, keys: Tensor<T>, values: Tensor<T>, keyCount: Int,
        shape: AttentionShape, scale: T, storage: StorageFormat
    ) -> [T] {
        let s = scores(query: query, row: row, head: head, keys: keys, tokens: 0..<keyCount,
                       shape: shape, scale: scale, storage: storage)
        let p = Softmax.stable(s, storage: storage)
        let d = shape.headDim, hkv = shape.kvHeads, kvHead = head / shape.group
        var out = Array(repeating: T(0), count: d)
        values.elements.withUnsafeBufferPointer { v in
            for (j, pj) in p.enumerated() {
                let vBase = (j * hkv + kvHead) * d
                for c in 0..<d { out[c] += pj * v[vBase + c] }
            }
        }
        return out.map { storage.round($0) }
    }

    /// Decode attention of one request: query `[H, d]` (the new token) against its KV cache
    /// `[L, H_kv, d]`; returns `[H, d]`. O(H L d).
    public static func decode<T: ReferenceScalar>(
        query: Tensor<T>, keys: Tensor<T>, values: Tensor<T>, shape: AttentionShape,
        scale: T, storage: StorageFormat
    ) -> Tensor<T> {
        checkLayouts(query: query, rows: 1, keys: keys, values: values, shape: shape)
        var out = Tensor<T>(shape: [shape.queryHeads, shape.headDim])
        for h in 0..<shape.queryHeads {
            let row = referenceRow(query: query, row: 0, head: h, keys: keys, values: values,
                                   keyCount: keys.shape[0], shape: shape, scale: scale, storage: storage)
            out.elements.replaceSubrange(h * shape.headDim..<(h + 1) * shape.headDim, with: row)
        }
        return out
    }

    /// Prefill attention of one request: queries, keys and values `[T, ., d]` of the same T
    /// tokens; with `causal`, row i attends to keys 0...i, otherwise to all T. Returns
    /// `[T, H, d]`. O(T^2 H d).
    public static func prefill<T: ReferenceScalar>(
        query: Tensor<T>, keys: Tensor<T>, values: Tensor<T>, shape: AttentionShape,
        causal: Bool, scale: T, storage: StorageFormat
    ) -> Tensor<T> {
        let tokens = query.shape[0]
        checkLayouts(query: query, rows: tokens, keys: keys, values: values, shape: shape)
        var out = Tensor<T>(shape: [tokens, shape.queryHeads, shape.headDim])
        for i in 0..<tokens {
            for h in 0..<shape.queryHeads {
                let row = referenceRow(query: query, row: i, head: h, keys: keys, values: values,
                                       keyCount: causal ? i + 1 : keys.shape[0], shape: shape,
                                       scale: scale, storage: storage)
                let base = (i * shape.queryHeads + h) * shape.headDim
                out.elements.replaceSubrange(base..<base + shape.headDim, with: row)
            }
        }
        return out
    }

    /// The online-softmax partial of query `row`, head `head` over the key tokens `tokens`
    /// (already clipped to what the row may see). O(|tokens| d).
    public static func partial<T: ReferenceScalar>(
        query: Tensor<T>, row: Int, head: Int, keys: Tensor<T>, values: Tensor<T>,
        tokens: Range<Int>, shape: AttentionShape, scale: T, storage: StorageFormat
    ) -> OnlineSoftmaxPartial<T> {
        let s = scores(query: query, row: row, head: head, keys: keys, tokens: tokens,
                       shape: shape, scale: scale, storage: storage)
        let d = shape.headDim, hkv = shape.kvHeads, kvHead = head / shape.group
        return values.elements.withUnsafeBufferPointer { v in
            OnlineSoftmaxPartial.over(scores: s, headDim: d, storage: storage) { j, c in
                v[((tokens.lowerBound + j) * hkv + kvHead) * d + c]
            }
        }
    }

    private static func checkLayouts<T>(query: Tensor<T>, rows: Int, keys: Tensor<T>,
                                        values: Tensor<T>, shape: AttentionShape) {
        let qShape = query.rank == 2 ? [1] + query.shape : query.shape
        precondition(qShape == [rows, shape.queryHeads, shape.headDim], "query shape \(query.shape)")
        precondition(keys.rank == 3 && keys.shape[1] == shape.kvHeads && keys.shape[2] == shape.headDim,
                     "key shape \(keys.shape)")
        precondition(values.shape == keys.shape, "value shape \(values.shape) != key shape \(keys.shape)")
    }
}
