/// `--shard K/N`: the K-th of N disjoint parts of a sweep, K in 1...N. Point i belongs to shard
/// (i mod N) + 1, so every shard gets a spread of the design space (similar run times).
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public static let whole = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count) must satisfy 1 <= K <= N")
        self.index = index
        self.count = count
    }

    /// Parses "K/N".
    public init(parsing text: String) throws(SweepError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            throw SweepError(source: "--shard", path: "", reason: "expected K/N with 1 <= K <= N (e.g. 2/4), got \"\(text)\"")
        }
        self.init(index: k, count: n)
    }

    public func contains(pointIndex: Int) -> Bool { pointIndex % count == index - 1 }

    public var description: String { "\(index)/\(count)" }
}
