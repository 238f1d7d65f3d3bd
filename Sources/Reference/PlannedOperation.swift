/// GEMM C[m, n] = A[m, k] B[k, n] (an FC layer: A activations, B weights).
public struct GEMMOperation: Codable, Sendable, Equatable, Hashable {
    public var m: Int
    public var k: Int
    public var n: Int
    public init(m: Int, k: Int, n: Int) { self.m = m; self.k = k; self.n = n }
}

/// Decode attention of a batch: request r has one new token attending to `contextLengths[r]`
/// KV-cache positions (including its own).
public struct AttentionDecodeOperation: Codable, Sendable, Equatable, Hashable {
    public var shape: AttentionShape
    public var contextLengths: [Int]
    public init(shape: AttentionShape, contextLengths: [Int]) {
        self.shape = shape
        self.contextLengths = contextLengths
    }
}

/// Prefill attention of a batch: request r has `promptLengths[r]` tokens attending to each
/// other (causally when `causal`).
public struct AttentionPrefillOperation: Codable, Sendable, Equatable, Hashable {
    public var shape: AttentionShape
    public var promptLengths: [Int]
    public var causal: Bool
    public init(shape: AttentionShape, promptLengths: [Int], causal: Bool = true) {
        self.shape = shape
        self.promptLengths = promptLengths
        self.causal = causal
    }
}

/// The experts of a MoE layer for a batch of `tokens` tokens: `routing[t]` lists the experts
/// token t goes to (distinct, all of length top-k), as the simulator's expert routing decided.
/// Combine weights are the softmax of the gate logits over all `experts`, kept for the routed
/// experts and (with `renormalise`, Mixtral) divided by their sum.
public struct MoEOperation: Codable, Sendable, Equatable, Hashable {
    public var hidden: Int
    public var ffn: Int
    public var experts: Int
    public var activation: FFNActivation
    public var renormalise: Bool
    public var routing: [[Int]]
    public init(hidden: Int, ffn: Int, experts: Int, activation: FFNActivation, renormalise: Bool = true,
                routing: [[Int]]) {
        self.hidden = hidden
        self.ffn = ffn
        self.experts = experts
        self.activation = activation
        self.renormalise = renormalise
        self.routing = routing
    }

    /// Token count.
    public var tokens: Int { routing.count }

    /// Tokens routed to `expert`, ascending.
    public func tokens(routedTo expert: Int) -> [Int] {
        routing.indices.filter { routing[$0].contains(expert) }
    }
}

/// The operator a plan splits. Encoded as `{"kind": "gemm" | "attention-decode" |
/// "attention-prefill" | "moe", "parameters": {...}}`.
public enum PlannedOperation: Codable, Sendable, Equatable, Hashable {
    case gemm(GEMMOperation)
    case attentionDecode(AttentionDecodeOperation)
    case attentionPrefill(AttentionPrefillOperation)
    case moe(MoEOperation)

    /// The `kind` string of the encoding.
    public var kind: String {
        switch self {
        case .gemm: "gemm"
        case .attentionDecode: "attention-decode"
        case .attentionPrefill: "attention-prefill"
        case .moe: "moe"
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, parameters }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "gemm": self = .gemm(try c.decode(GEMMOperation.self, forKey: .parameters))
        case "attention-decode": self = .attentionDecode(try c.decode(AttentionDecodeOperation.self, forKey: .parameters))
        case "attention-prefill": self = .attentionPrefill(try c.decode(AttentionPrefillOperation.self, forKey: .parameters))
        case "moe": self = .moe(try c.decode(MoEOperation.self, forKey: .parameters))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: c,
                debugDescription: "unknown operation kind '\(kind)'; allowed: gemm, attention-decode, attention-prefill, moe")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        switch self {
        case .gemm(let op): try c.encode(op, forKey: .parameters)
        case .attentionDecode(let op): try c.encode(op, forKey: .parameters)
        case .attentionPrefill(let op): try c.encode(op, forKey: .parameters)
        case .moe(let op): try c.encode(op, forKey: .parameters)
        }
    }
}
