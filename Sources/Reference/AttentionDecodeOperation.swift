/// Decode attention of a batch: request r has one new token attending to `contextLengths[r]`
/// KV-cache positions (including its own).
public struct AttentionDecodeOperation: Codable, Sendable, Equatable, Hashable {
    public var shape: AttentionShape
    public var contextLengths: [Int]
    public init(shape: AttentionShape, contextLengths: [Int]) {
        self.shape = shape
        self.contextLengths = contextLengths
    }
}
