import Units

/// The MoE router (gate): logits [tokens x hidden] * [hidden x experts], softmax, top-k.
///
/// Accounting: FLOPs = 2*t*h*E (gate GEMM) + `Accounting.softmaxFLOPsPerElement`*t*E + k*t*E
/// (top-k as k selection passes of E compares); weights = h*E*s; act_in = t*h*s;
/// act_out = t*k*(s + `Accounting.expertIndexBytes`) (a routing weight and an expert index per choice).
public struct RouterShape: Hashable, Sendable, Codable {
    public var tokens: Int
    public var hidden: Int
    public var experts: Int
    public var topK: Int

    public init(tokens: Int, hidden: Int, experts: Int, topK: Int) {
        self.tokens = tokens; self.hidden = hidden; self.experts = experts; self.topK = topK
    }

    enum CodingKeys: String, CodingKey { case tokens, hidden, experts, topK = "top_k" }

    public var problems: [(field: String, reason: String)] {
        var found: [(String, String)] = []
        if tokens < 1 { found.append(("tokens", "must be positive, got \(tokens)")) }
        if hidden < 1 { found.append(("hidden", "must be positive, got \(hidden)")) }
        if experts < 1 { found.append(("experts", "must be positive, got \(experts)")) }
        if topK < 1 || topK > experts { found.append(("top_k", "must be in 1...\(experts) (experts), got \(topK)")) }
        return found
    }

    /// An upper bound of the largest count in `cost`, in floating point (overflow guard).
    var workBound: Double {
        let t = Double(tokens), h = Double(hidden), e = Double(experts)
        return 2 * t * h * e + (6 + Double(topK)) * t * e + 4 * (h * e + t * h) + 8 * t * Double(topK)
    }

    public func cost(dtype: DType) -> OperatorCost {
        let s = dtype.bytesPerElement, t = Int64(tokens), h = Int64(hidden), e = Int64(experts), k = Int64(topK)
        let flops = FLOPCount.macs(t * h * e) + FLOPCount(flops: Accounting.softmaxFLOPsPerElement * t * e + k * t * e)
        return OperatorCost(
            flops: flops,
            memory: TrafficBytes(weights: ByteCount(bytes: h * e * s), activationsIn: ByteCount(bytes: t * h * s),
                                 activationsOut: ByteCount(bytes: t * k * (s + Accounting.expertIndexBytes))))
    }
}
