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
