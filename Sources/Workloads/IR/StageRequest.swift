/// One request's part in a stage: a prefill of its prompt (or a chunk of it) or one decode step.
public struct StageRequest: Hashable, Sendable, Codable {
    public enum Phase: String, Hashable, Sendable, Codable { case prefill, decode }

    /// The request's identity (unique among running requests).
    public var id: Int
    public var phase: Phase
    /// Tokens processed in this stage: the prompt (chunk) for prefill, 1 for decode.
    public var newTokens: Int
    /// Tokens already in the KV cache before this stage.
    public var cachedTokens: Int

    enum CodingKeys: String, CodingKey {
        case id, phase, newTokens = "new_tokens", cachedTokens = "cached_tokens"
    }

    /// A prefill of `tokens` prompt tokens with `cachedTokens` already cached (0 unless chunked).
    public static func prefill(id: Int, tokens: Int, cachedTokens: Int = 0) -> StageRequest {
        precondition(tokens >= 1 && cachedTokens >= 0, "prefill needs >= 1 new token, got \(tokens) (cached \(cachedTokens))")
        return StageRequest(id: id, phase: .prefill, newTokens: tokens, cachedTokens: cachedTokens)
    }

    /// One decode step whose context, after appending the new token, is `context` tokens.
    public static func decode(id: Int, context: Int) -> StageRequest {
        precondition(context >= 2, "a decode step needs at least one cached token, context \(context)")
        return StageRequest(id: id, phase: .decode, newTokens: 1, cachedTokens: context - 1)
    }

    /// Tokens in the context after this stage (cached + new).
    public var contextTokens: Int { cachedTokens + newTokens }
}
