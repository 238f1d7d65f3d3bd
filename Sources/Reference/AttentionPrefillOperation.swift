/// Prefill attention of a batch: request r has `promptLengths[r]` tokens attending to each
/// other (causally when `causal`).
public struct AttentionPrefillOperation: Codable, Sendable, Equatable, Hashable {
    public var shape: AttentionShape
    public var promptLengths: [Int]
    public var causal: Bool
    public init(shape: AttentionShape, promptLengths: [Int], causal: Bool = true) {
        self.shape = shape
        self.promptLengths = promptLengths
        self.causal = causal
    }
}
