/// Which passes an attention kernel timing covers.
public enum AttentionPass: String, CaseIterable, Sendable, Comparable {
    case forward
    /// Forward and backward; counted as 3.5x the forward FLOPs (backward = 2.5x forward), the
    /// convention of the FlashAttention benchmarks the measurements come from.
    case forwardBackward = "forward-backward"

    /// FLOPs of this pass relative to the forward pass (the FlashAttention benchmark convention).
    public var flopMultiplier: Double {
        switch self {
        case .forward: 1
        case .forwardBackward: 3.5
        }
    }

    public static func < (lhs: AttentionPass, rhs: AttentionPass) -> Bool { lhs.rawValue < rhs.rawValue }
}
