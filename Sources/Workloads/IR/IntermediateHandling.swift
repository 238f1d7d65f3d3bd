/// Whether an FFN's intermediate tensors (tokens x ffn) go through memory.
public enum IntermediateHandling: String, Codable, Hashable, Sendable, CaseIterable {
    /// Unfused kernels: every GEMM output is written and read back by the next kernel. A gated FFN
    /// writes gate and up outputs, the activation kernel reads both and writes the product, the
    /// down GEMM reads it: 6 x tokens x ffn elements; a plain FFN moves 4 x tokens x ffn.
    case materialized
    /// Fused: intermediates stay in on-chip buffers (e.g. Logic-PIM's 1 MB buffers). No bytes.
    case onChip
}
