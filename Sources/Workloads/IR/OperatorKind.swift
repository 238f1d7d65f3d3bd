/// What an operator does. Each kind has exactly one shape type (`shapeCase`).
public enum OperatorKind: String, Codable, Hashable, Sendable, CaseIterable {
    case norm
    case qkvProjection = "qkv_projection"
    case attention
    case outputProjection = "output_projection"
    case router
    case expertFFN = "expert_ffn"
    case denseFFN = "dense_ffn"
    case allReduce = "all_reduce"
    case allToAll = "all_to_all"
    case lmHead = "lm_head"

    /// The Op/B class of the paper's roofline (and of `duplexsim opb`). Dense FFNs are FC GEMMs.
    public var opClass: OperatorClass {
        switch self {
        case .norm: return .norm
        case .qkvProjection, .outputProjection, .denseFFN: return .fc
        case .attention: return .attention
        case .router: return .gate
        case .expertFFN: return .moe
        case .allReduce, .allToAll: return .communication
        case .lmHead: return .lmHead
        }
    }

    /// The name of the shape type this kind carries, as written in docs/trace-format.md.
    public var shapeName: String {
        switch self {
        case .norm: return "norm"
        case .qkvProjection, .outputProjection, .lmHead: return "gemm"
        case .attention: return "attention"
        case .router: return "router"
        case .expertFFN, .denseFFN: return "ffn"
        case .allReduce, .allToAll: return "collective"
        }
    }
}
