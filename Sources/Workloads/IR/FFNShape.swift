import Units

/// A feed-forward block (the dense FFN of a layer, or one expert) on `tokens` tokens, one
/// tensor-parallel shard of `ffn` intermediate columns.
///
/// Accounting, with s = bytes per element, t = tokens, h = hidden, f = ffn, M = `kind.matrixCount`:
/// - FLOPs = 2 * M * t * h * f + `kind.elementwiseFLOPsPerElement` * t * f
/// - weights = M * h * f * s
/// - act_in = t * h * s (the input, read once for gate and up); act_out = t * h * s (the down
///   projection's output; partial sums when f is a shard)
/// - intermediate = 2 * M * t * f * s when `.materialized` (see `IntermediateHandling`), else 0
public struct FFNShape: Hashable, Sendable, Codable {
    public var tokens: Int
    public var hidden: Int
    public var ffn: Int
    public var kind: FFNKind
    public var intermediates: IntermediateHandling

    public init(tokens: Int, hidden: Int, ffn: Int, kind: FFNKind, intermediates: IntermediateHandling) {
        self.tokens = tokens; self.hidden = hidden; self.ffn = ffn; self.kind = kind; self.intermediates = intermediates
    }

    public var problems: [(field: String, reason: String)] {
        var found: [(String, String)] = []
        if tokens < 1 { found.append(("tokens", "must be positive, got \(tokens)")) }
        if hidden < 1 { found.append(("hidden", "must be positive, got \(hidden)")) }
        if ffn < 1 { found.append(("ffn", "must be positive, got \(ffn)")) }
        return found
    }

    /// An upper bound of the largest count in `cost`, in floating point (overflow guard).
    var workBound: Double {
        let t = Double(tokens), h = Double(hidden), f = Double(ffn)
        return 6 * t * h * f + 16 * t * f + 4 * (3 * h * f + 2 * t * h)
    }

    public func cost(dtype: DType) -> OperatorCost {
        let s = dtype.bytesPerElement, t = Int64(tokens), h = Int64(hidden), f = Int64(ffn), m = kind.matrixCount
        let flops = FLOPCount.macs(m * t * h * f) + FLOPCount(flops: kind.elementwiseFLOPsPerElement * t * f)
        let memory = TrafficBytes(
            weights: ByteCount(bytes: m * h * f * s),
            activationsIn: ByteCount(bytes: t * h * s),
            activationsOut: ByteCount(bytes: t * h * s),
            intermediate: ByteCount(bytes: intermediates == .materialized ? 2 * m * t * f * s : 0))
        return OperatorCost(flops: flops, memory: memory)
    }
}
