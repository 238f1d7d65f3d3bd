import Units

/// FlashAttention prefill throughput as a function of sequence length:
///
///     TFLOPS(s) = P / (1 + s0 / s)
///
/// (a fixed per-row cost amortised over s: half of the asymptote P at s = s0). Fitted through
/// two measured points per (GPU, implementation, pass, mask).
public struct FlashAttentionCurve: Sendable, Equatable {
    public let peak: FLOPRate
    /// Half-saturation sequence length, tokens.
    public let halfSequence: Double

    public init(peak: FLOPRate, halfSequence: Double) {
        precondition(peak.flopsPerSecond > 0 && halfSequence >= 0, "FlashAttention curve needs P > 0 and s0 >= 0")
        self.peak = peak
        self.halfSequence = halfSequence
    }

    /// Throughput at sequence length `s`.
    public func throughput(sequenceLength s: Int64) -> FLOPRate {
        precondition(s > 0, "sequence length must be positive")
        return FLOPRate(flopsPerSecond: peak.flopsPerSecond / (1 + halfSequence / Double(s)))
    }

    /// The curve through (s1, y1) and (s2, y2): 1/y = 1/P + (s0/P) / s is linear in 1/s.
    /// Nil when the points give no positive P and non-negative s0.
    public static func through(_ s1: Double, _ y1: Double, _ s2: Double, _ y2: Double) -> (peak: Double, halfSequence: Double)? {
        guard s1 != s2, y1 > 0, y2 > 0 else { return nil }
        let slope = (1 / y1 - 1 / y2) / (1 / s1 - 1 / s2)
        let intercept = 1 / y1 - slope / s1
        guard intercept > 0 else { return nil }
        let peak = 1 / intercept
        let half = slope * peak
        guard half >= 0 else { return nil }
        return (peak, half)
    }
}
