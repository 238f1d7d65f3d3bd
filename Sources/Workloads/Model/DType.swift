/// The element type of weights, activations and the KV cache.
public enum DType: String, Codable, Hashable, Sendable, CaseIterable {
    case fp32, fp16, bf16, fp8

    /// Bytes per element (IEEE 754 binary32/binary16, bfloat16, OCP FP8).
    public var bytesPerElement: Int64 {
        switch self {
        case .fp32: return 4
        case .fp16, .bf16: return 2
        case .fp8: return 1
        }
    }
}
