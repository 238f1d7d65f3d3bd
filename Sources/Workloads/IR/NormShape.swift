import Units

/// A normalisation (RMSNorm or LayerNorm) over `tokens` vectors of `hidden` elements.
///
/// Accounting: FLOPs = `kind.flopsPerElement` * t * h; weights = `kind.parameterVectors` * h * s;
/// act_in = act_out = t * h * s. Per-token reductions (1/sqrt) are not counted.
public struct NormShape: Hashable, Sendable, Codable {
    public var tokens: Int
    public var hidden: Int
    public var kind: NormKind

    public init(tokens: Int, hidden: Int, kind: NormKind) {
        self.tokens = tokens; self.hidden = hidden; self.kind = kind
    }

    public var problems: [(field: String, reason: String)] {
        var found: [(String, String)] = []
        if tokens < 1 { found.append(("tokens", "must be positive, got \(tokens)")) }
        if hidden < 1 { found.append(("hidden", "must be positive, got \(hidden)")) }
        return found
    }

    /// An upper bound of the largest count in `cost`, in floating point (overflow guard).
    var workBound: Double { 8 * (Double(tokens) + 2) * Double(hidden) }

    public func cost(dtype: DType) -> OperatorCost {
        let s = dtype.bytesPerElement, t = Int64(tokens), h = Int64(hidden)
        return OperatorCost(
            flops: FLOPCount(flops: kind.flopsPerElement * t * h),
            memory: TrafficBytes(weights: ByteCount(bytes: kind.parameterVectors * h * s),
                                 activationsIn: ByteCount(bytes: t * h * s), activationsOut: ByteCount(bytes: t * h * s)))
    }
}
