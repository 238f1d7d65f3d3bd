/// The shape of one operator shard; the case is determined by the operator's kind.
public enum OperatorShape: Hashable, Sendable {
    case gemm(GEMMShape)
    case attention(AttentionShape)
    case ffn(FFNShape)
    case norm(NormShape)
    case router(RouterShape)
    case collective(CollectiveShape)

    /// The shape type's name ("gemm", "attention", ...), matching `OperatorKind.shapeName`.
    public var name: String {
        switch self {
        case .gemm: return "gemm"
        case .attention: return "attention"
        case .ffn: return "ffn"
        case .norm: return "norm"
        case .router: return "router"
        case .collective: return "collective"
        }
    }

    /// Problems with the shape's fields as (field, reason), empty when valid.
    public var problems: [(field: String, reason: String)] {
        switch self {
        case .gemm(let s): return s.problems
        case .attention(let s): return s.problems
        case .ffn(let s): return s.problems
        case .norm(let s): return s.problems
        case .router(let s): return s.problems
        case .collective(let s): return s.problems
        }
    }

    /// The largest integer any count of `cost` may reach: FLOPs and bytes are Int64, and a shape
    /// read from a file must not trap on overflow.
    public static let maximumCount = Double(Int64.max / 8)

    /// Whether every count of this shape's cost fits in Int64 with margin (checked in floating
    /// point before the exact integer evaluation, with bytes at up to 4 per element).
    public var costFitsInt64: Bool {
        let bound: Double
        switch self {
        case .gemm(let s): bound = s.workBound
        case .attention(let s): bound = s.workBound
        case .ffn(let s): bound = s.workBound
        case .norm(let s): bound = s.workBound
        case .router(let s): bound = s.workBound
        case .collective(let s): bound = s.workBound
        }
        return bound.isFinite && bound <= OperatorShape.maximumCount
    }

    /// The exact cost of one shard with this shape (formulas on each shape type).
    public func cost(dtype: DType) -> OperatorCost {
        switch self {
        case .gemm(let s): return s.cost(dtype: dtype)
        case .attention(let s): return s.cost(dtype: dtype)
        case .ffn(let s): return s.cost(dtype: dtype)
        case .norm(let s): return s.cost(dtype: dtype)
        case .router(let s): return s.cost(dtype: dtype)
        case .collective(let s): return s.cost(dtype: dtype)
        }
    }
}
