/// Expert FFN forward pass, whole or over a range of intermediate columns.
///
/// A column range [c0, c1) uses columns c0..<c1 of `up`/`gate` and rows c0..<c1 of `down`, so
/// the activation stays local to the unit holding those columns, and produces a *partial sum*
/// of the full output: summing the partials of a partition of 0..<ffn gives the output (the
/// Duplex expert split over stacks, reduced by the xPU).
/// Storage: x W_up, x W_gate, the activated intermediate h and the output (partial) are each
/// rounded to `storage`. Cost per token: 2 hidden |cols| FLOPs per matrix (`matrixCount`);
/// activation and elementwise products are not FLOPs in the accounting. O(m hidden |cols|).
public enum ExpertFFN {
    /// The activated intermediate h `[m, |cols|]` of `x` `[m, hidden]`.
    public static func intermediate<T: ReferenceScalar>(
        _ x: Tensor<T>, weights: ExpertWeights<T>, columns: Range<Int>, storage: StorageFormat
    ) -> Tensor<T> {
        let up = GEMM.multiply(x, weights.up, columns: columns, storage: storage)
        switch weights.activation {
        case .swiglu:
            let gate = GEMM.multiply(x, weights.gate!, columns: columns, storage: storage)
            var h = up
            for i in h.elements.indices {
                h.elements[i] = storage.round(silu(gate.elements[i]) * up.elements[i])
            }
            return h
        case .gelu:
            return Tensor(shape: up.shape, elements: up.elements.map { storage.round(gelu($0)) })
        }
    }

    /// The output (or partial output for a column range) `[m, hidden]`.
    public static func forward<T: ReferenceScalar>(
        _ x: Tensor<T>, weights: ExpertWeights<T>, columns: Range<Int>? = nil, storage: StorageFormat
    ) -> Tensor<T> {
        precondition(x.rank == 2 && x.shape[1] == weights.hidden, "x \(x.shape) for hidden \(weights.hidden)")
        let cols = columns ?? 0..<weights.ffn
        let h = intermediate(x, weights: weights, columns: cols, storage: storage)
        let downRows = Tensor(shape: [cols.count, weights.hidden],
                              elements: Array(weights.down.elements[cols.lowerBound * weights.hidden..<cols.upperBound * weights.hidden]))
        return GEMM.multiply(h, downRows, storage: storage)
    }

    /// silu(z) = z / (1 + e^-z), in T.
    public static func silu<T: ReferenceScalar>(_ z: T) -> T { z / (1 + T.exponential(-z)) }

    /// gelu(z) = z/2 (1 + erf(z / sqrt 2)), in T.
    public static func gelu<T: ReferenceScalar>(_ z: T) -> T {
        z / 2 * (1 + T.errorFunction(z / T.squareRoot(2)))
    }
}
