/// The weights of one expert FFN: `up` (and `gate` for SwiGLU) `[hidden, ffn]`, `down`
/// `[ffn, hidden]`.
public struct ExpertWeights<Scalar: ReferenceScalar>: Sendable, Equatable {
    /// SwiGLU (3 matrices) or GELU (2).
    public let activation: FFNActivation
    /// Up projection `[hidden, ffn]`.
    public let up: Tensor<Scalar>
    /// Gate projection `[hidden, ffn]` (SwiGLU only).
    public let gate: Tensor<Scalar>?
    /// Down projection `[ffn, hidden]`.
    public let down: Tensor<Scalar>

    /// Weights; precondition: consistent shapes, `gate` present exactly for SwiGLU.
    public init(activation: FFNActivation, up: Tensor<Scalar>, gate: Tensor<Scalar>?, down: Tensor<Scalar>) {
        precondition(up.rank == 2 && down.rank == 2 && up.shape == [down.shape[1], down.shape[0]],
                     "expert up \(up.shape) / down \(down.shape) mismatch")
        precondition((activation == .swiglu) == (gate != nil), "gate matrix iff SwiGLU")
        if let gate { precondition(gate.shape == up.shape, "gate \(gate.shape) != up \(up.shape)") }
        self.activation = activation
        self.up = up
        self.gate = gate
        self.down = down
    }

    /// Model width (rows of `up`).
    public var hidden: Int { up.shape[0] }
    /// Intermediate width (columns of `up`).
    public var ffn: Int { up.shape[1] }
}
