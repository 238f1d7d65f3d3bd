/// The activation structure of an expert (or dense) FFN.
public enum FFNActivation: String, Codable, Sendable, CaseIterable {
    /// SwiGLU (Shazeer, "GLU Variants Improve Transformer", 2020; Mixtral, Llama):
    /// y = (silu(x W_gate) * (x W_up)) W_down, silu(z) = z / (1 + e^-z); three matrices.
    case swiglu
    /// GELU (Hendrycks and Gimpel 2016; GLaM, OPT use a 2-matrix FFN):
    /// y = gelu(x W_up) W_down, gelu(z) = z/2 (1 + erf(z / sqrt 2)) (the exact form).
    case gelu

    /// Weight matrices of `hidden x ffn` (or `ffn x hidden`) per expert: 3 or 2.
    public var matrixCount: Int { self == .swiglu ? 3 : 2 }

    /// sup_z |f'(z)| of the activation f (analytic maximum of the derivative, used by the
    /// error bound): silu' peaks at 1.0998 near z = 2.40; gelu' peaks at 1.1289 near z = 1.41.
    public var derivativeBound: Double { self == .swiglu ? 1.0999 : 1.1290 }
}
