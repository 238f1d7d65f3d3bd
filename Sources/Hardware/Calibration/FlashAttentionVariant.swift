/// Which FlashAttention curve: implementation (e.g. "FA2", "FA3"), passes, causal mask.
public struct FlashAttentionVariant: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let implementation: String
    public let pass: AttentionPass
    public let causal: Bool

    public init(implementation: String, pass: AttentionPass, causal: Bool) {
        self.implementation = implementation
        self.pass = pass
        self.causal = causal
    }

    /// "FA2/forward/causal" (the `variant` column of xpu-efficiency.csv).
    public var description: String { "\(implementation)/\(pass.rawValue)/\(causal ? "causal" : "full")" }

    /// Reads the `description` form.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/").map(String.init)
        guard parts.count == 3, let pass = AttentionPass(rawValue: parts[1]), parts[2] == "causal" || parts[2] == "full" else { return nil }
        self.init(implementation: parts[0], pass: pass, causal: parts[2] == "causal")
    }

    public static func < (lhs: FlashAttentionVariant, rhs: FlashAttentionVariant) -> Bool { lhs.description < rhs.description }
}
