/// The structure of a feed-forward block (dense FFN or one expert).
///
/// Gated kinds (`swiglu`, `geglu`) have three weight matrices: gate (hidden x ffn), up
/// (hidden x ffn) and down (ffn x hidden); plain kinds (`gelu`, `relu`) have two: up and down.
public enum FFNKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// SiLU(x W_gate) * (x W_up), then W_down (Mixtral, Llama 3; Shazeer 2020).
    case swiglu
    /// GELU(x W_gate) * (x W_up), then W_down (Grok-1's released code).
    case geglu
    /// GELU(x W_up), then W_down (GPT-style; GLaM per the Duplex paper's Table 1: 2 matrices).
    case gelu
    /// ReLU(x W_up), then W_down (OPT).
    case relu

    /// Weight matrices of one FFN: 3 for gated kinds, 2 otherwise.
    public var matrixCount: Int64 {
        switch self {
        case .swiglu, .geglu: return 3
        case .gelu, .relu: return 2
        }
    }

    /// Whether the block multiplies an activated gate by an up projection.
    public var isGated: Bool { matrixCount == 3 }

    /// FLOPs per intermediate element (tokens x ffn) spent outside the GEMMs: the activation
    /// function, plus one multiply for the gating product of gated kinds. See `Accounting`.
    public var elementwiseFLOPsPerElement: Int64 {
        switch self {
        case .swiglu: return Accounting.siluFLOPsPerElement + Accounting.gatingMultiplyFLOPs
        case .geglu: return Accounting.geluFLOPsPerElement + Accounting.gatingMultiplyFLOPs
        case .gelu: return Accounting.geluFLOPsPerElement
        case .relu: return Accounting.reluFLOPsPerElement
        }
    }
}
