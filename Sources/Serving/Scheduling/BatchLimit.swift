/// The batch a run can keep: the requested maximum, reduced when the KV cache cannot hold the
/// full Lin + Lout of that many requests next to the weights (reference: "the batch size is
/// reduced").
public struct BatchLimit: Hashable, Sendable {
    public let requested: Int
    /// min(requested, KV capacity / reservation); 0 when not even one request fits.
    public let effective: Int
    public let kvCapacityTokens: Int
    public let reservedTokensPerRequest: Int

    public var isReduced: Bool { effective < requested }

    /// A sentence for reports, e.g. "batch reduced from 128 to 97: the KV cache holds 198656
    /// tokens, 97 requests of 2048 (Lin + Lout)".
    public var explanation: String {
        guard isReduced else { return "batch \(requested) fits (KV cache \(kvCapacityTokens) tokens)" }
        return "batch reduced from \(requested) to \(effective): the KV cache holds \(kvCapacityTokens) tokens, \(effective) requests of \(reservedTokensPerRequest) (Lin + Lout)"
    }
}
