/// One continuous-batching iteration: every running request does a prefill or a decode step.
public struct Stage: Hashable, Sendable, Codable {
    /// The stage number, from 0.
    public var index: Int
    public var requests: [StageRequest]

    public init(index: Int, requests: [StageRequest]) {
        precondition(index >= 0, "stage index must not be negative")
        precondition(!requests.isEmpty, "a stage has at least one request")
        precondition(Self.idsAreUnique(requests), "request ids in a stage must be unique")
        self.index = index
        self.requests = requests
    }

    /// Whether no two requests share an id (sorted ids, adjacent pairs: no hashing; runs every stage).
    private static func idsAreUnique(_ requests: [StageRequest]) -> Bool {
        if requests.count < 2 { return true }
        var ids = requests.map(\.id)
        ids.sort()
        for i in 1..<ids.count where ids[i - 1] == ids[i] { return false }
        return true
    }

    /// Tokens the token-wise operators (GEMMs, norms, experts) process: the sum of new tokens.
    public var tokens: Int { requests.reduce(0) { $0 + $1.newTokens } }
    /// Whether any request is prefilling (a mixed stage) rather than all decoding.
    public var isMixed: Bool { requests.contains { $0.phase == .prefill } }
}
