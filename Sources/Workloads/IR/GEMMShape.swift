import Units

/// A token-by-weight matrix multiply: [tokens x inFeatures] * [inFeatures x outFeatures].
///
/// Accounting (s = bytes per element):
/// - FLOPs = 2 * tokens * inFeatures * outFeatures
/// - weights = inFeatures * outFeatures * s
/// - act_in = tokens * inFeatures * s
/// - act_out = tokens * (outFeatures - kvOutFeatures) * s
/// - kv_write = tokens * kvOutFeatures * s (the K and V columns of a QKV projection go straight
///   to the KV cache)
public struct GEMMShape: Hashable, Sendable, Codable {
    public var tokens: Int
    public var inFeatures: Int
    public var outFeatures: Int
    /// Output columns written to the KV cache rather than as activations (0 unless QKV).
    public var kvOutFeatures: Int

    public init(tokens: Int, inFeatures: Int, outFeatures: Int, kvOutFeatures: Int = 0) {
        self.tokens = tokens; self.inFeatures = inFeatures; self.outFeatures = outFeatures; self.kvOutFeatures = kvOutFeatures
    }

    enum CodingKeys: String, CodingKey {
        case tokens, inFeatures = "in_features", outFeatures = "out_features", kvOutFeatures = "kv_out_features"
    }

    /// Problems as (field, reason), empty when valid.
    public var problems: [(field: String, reason: String)] {
        var found: [(String, String)] = []
        if tokens < 1 { found.append(("tokens", "must be positive, got \(tokens)")) }
        if inFeatures < 1 { found.append(("in_features", "must be positive, got \(inFeatures)")) }
        if outFeatures < 1 { found.append(("out_features", "must be positive, got \(outFeatures)")) }
        if kvOutFeatures < 0 || kvOutFeatures > outFeatures {
            found.append(("kv_out_features", "must be in 0...\(outFeatures) (out_features), got \(kvOutFeatures)"))
        }
        return found
    }

    /// An upper bound of the largest count in `cost`, in floating point (overflow guard).
    var workBound: Double { 2 * Double(tokens) * Double(inFeatures) * Double(outFeatures) + 4 * (Double(tokens) + Double(inFeatures)) * (Double(inFeatures) + Double(outFeatures)) }

    public func cost(dtype: DType) -> OperatorCost {
        let s = dtype.bytesPerElement, m = Int64(tokens), k = Int64(inFeatures), n = Int64(outFeatures), kv = Int64(kvOutFeatures)
        return OperatorCost(
            flops: .macs(m * k * n),
            memory: TrafficBytes(weights: ByteCount(bytes: k * n * s), kvWrite: ByteCount(bytes: m * kv * s),
                                 activationsIn: ByteCount(bytes: m * k * s), activationsOut: ByteCount(bytes: m * (n - kv) * s)))
    }
}
