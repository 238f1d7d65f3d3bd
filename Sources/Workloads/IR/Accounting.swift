/// The counting conventions of the operator IR, in one place.
///
/// GEMM work is exact: a multiply-accumulate is 2 FLOPs (`FLOPCount.macs`). Work outside GEMMs
/// (softmax, activations, norms) is counted as one FLOP per elementary arithmetic operation or
/// transcendental call, with the per-element counts below. These are conventions, not
/// measurements: they are stated here so that a device model splitting an operator into tiles
/// can reproduce the same integers. None of them was tuned to match the paper (docs/opb.md).
public enum Accounting {
    /// Softmax per score element: running max (1 compare), subtract max (1), exp (1), sum (1),
    /// normalise (1 divide). The 1/sqrt(head_dim) scale is folded into the query projection
    /// weights, as inference engines do.
    public static let softmaxFLOPsPerElement: Int64 = 5
    /// SiLU x*sigmoid(x): negate-exp (1), add 1 (1), divide (1), multiply by x (1).
    public static let siluFLOPsPerElement: Int64 = 4
    /// GELU, tanh approximation 0.5x(1+tanh(sqrt(2/pi)(x+0.044715x^3))): x^3 (2), fma (2),
    /// tanh (1), add 1 (1), two multiplies (2).
    public static let geluFLOPsPerElement: Int64 = 8
    /// ReLU: one compare.
    public static let reluFLOPsPerElement: Int64 = 1
    /// The multiply of a gated FFN's activated gate with its up projection.
    public static let gatingMultiplyFLOPs: Int64 = 1
    /// RMSNorm per element: square (1), accumulate (1), scale by 1/rms (1), gain (1).
    public static let rmsNormFLOPsPerElement: Int64 = 4
    /// LayerNorm per element: mean accumulate (1), subtract (1), square (1), accumulate (1),
    /// scale (1), gain (1), bias (1).
    public static let layerNormFLOPsPerElement: Int64 = 7
    /// Bytes of one expert index in the router's output (Int32, as in vLLM/Megatron).
    public static let expertIndexBytes: Int64 = 4
}
