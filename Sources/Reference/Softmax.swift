/// Numerically stable softmax p_i = exp(x_i - max x) / sum_j exp(x_j - max x).
///
/// Subtracting the maximum keeps every exponent <= 0, so nothing overflows and the largest
/// term is exactly 1 (the sum is >= 1). Arithmetic in the scalar type; the sum is recursive in
/// index order. Error analysis: `ErrorBound.softmaxRelative`. O(n) time.
public enum Softmax {
    /// The softmax of `x` (non-empty), each probability rounded to `storage`.
    public static func stable<T: ReferenceScalar>(_ x: [T], storage: StorageFormat) -> [T] {
        precondition(!x.isEmpty, "softmax of an empty vector")
        let maximum = x.max()!
        var weights = x.map { T.exponential($0 - maximum) }
        var sum: T = 0
        for w in weights { sum += w }
        for i in weights.indices { weights[i] = storage.round(weights[i] / sum) }
        return weights
    }
}
