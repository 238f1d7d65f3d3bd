/// General matrix multiply C = A B, the building block of the FC layers, the gate and the
/// expert FFNs.
///
/// Arithmetic: each output element is a dot product accumulated in the scalar type by
/// recursive summation in index order k = 0, 1, ..., then rounded once to the storage format.
/// Error (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., eq. 3.5):
/// |c^ - c| <= gamma_k sum_i |a_i b_i| before storage rounding (see `ErrorBound.dot`).
/// Cost: 2 m k n FLOPs (one multiply and one add per term); O(m k n) time.
public enum GEMM {
    /// C[m, columns] = A[m, k] B[k, columns] for a column range of B (the whole of B when
    /// `columns` is nil), stored in `storage`.
    public static func multiply<T: ReferenceScalar>(
        _ a: Tensor<T>, _ b: Tensor<T>, columns: Range<Int>? = nil, storage: StorageFormat
    ) -> Tensor<T> {
        precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
                     "GEMM shapes \(a.shape) x \(b.shape)")
        return block(a, b, rows: 0..<a.shape[0], columns: columns ?? 0..<b.shape[1],
                     inner: 0..<a.shape[1], storage: storage)
    }

    /// The block C[rows, columns] summed over the inner (reduction) range only, stored in
    /// `storage`: a full product when `inner` is 0..<k, a partial sum otherwise. Same
    /// summation order as `multiply`, so a full-range block is bit-identical to it.
    public static func block<T: ReferenceScalar>(
        _ a: Tensor<T>, _ b: Tensor<T>, rows: Range<Int>, columns: Range<Int>, inner: Range<Int>,
        storage: StorageFormat
    ) -> Tensor<T> {
        precondition(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
                     "GEMM shapes \(a.shape) x \(b.shape)")
        let k = a.shape[1], n = b.shape[1]
        precondition(rows.lowerBound >= 0 && rows.upperBound <= a.shape[0], "rows \(rows) of \(a.shape[0])")
        precondition(columns.lowerBound >= 0 && columns.upperBound <= n, "columns \(columns) of \(n)")
        precondition(inner.lowerBound >= 0 && inner.upperBound <= k, "inner \(inner) of \(k)")
        var c = Tensor<T>(shape: [rows.count, columns.count])
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    for (iOut, i) in rows.enumerated() {
                        for (jOut, j) in columns.enumerated() {
                            var sum: T = 0
                            for p in inner { sum += pa[i * k + p] * pb[p * n + j] }
                            pc[iOut * columns.count + jOut] = storage.round(sum)
                        }
                    }
                }
            }
        }
        return c
    }
}
