/// The normalisation layer a model uses before attention and before the FFN/MoE block.
public enum NormKind: String, Codable, Hashable, Sendable, CaseIterable {
    /// RMSNorm (Zhang and Sennrich 2019): gain only (Mixtral, Llama 3, Grok-1).
    case rmsnorm
    /// LayerNorm (Ba et al. 2016): gain and bias (OPT, GLaM).
    case layernorm

    /// FLOPs per normalised element; see `Accounting`.
    public var flopsPerElement: Int64 {
        switch self {
        case .rmsnorm: return Accounting.rmsNormFLOPsPerElement
        case .layernorm: return Accounting.layerNormFLOPsPerElement
        }
    }

    /// Parameter vectors of length `hidden`: gain (RMSNorm), gain and bias (LayerNorm).
    public var parameterVectors: Int64 {
        switch self {
        case .rmsnorm: return 1
        case .layernorm: return 2
        }
    }
}
