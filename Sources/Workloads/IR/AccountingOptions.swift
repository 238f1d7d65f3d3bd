/// Which kernel organisation the byte accounting assumes.
///
/// `.paper` reproduces the Duplex paper's roofline points (docs/opb.md): prefill attention
/// writes its score matrix to memory, decode attention keeps its single score row per head on
/// chip (the paper's decode Op/B of 4.03 for GQA-4 exceeds the group size, which a materialised
/// score row would push below it), FFN intermediates go through memory.
public struct AccountingOptions: Hashable, Sendable, Codable {
    public var prefillScores: ScoreHandling
    public var decodeScores: ScoreHandling
    public var ffnIntermediates: IntermediateHandling

    public init(prefillScores: ScoreHandling, decodeScores: ScoreHandling, ffnIntermediates: IntermediateHandling) {
        self.prefillScores = prefillScores
        self.decodeScores = decodeScores
        self.ffnIntermediates = ffnIntermediates
    }

    enum CodingKeys: String, CodingKey {
        case prefillScores = "prefill_scores", decodeScores = "decode_scores", ffnIntermediates = "ffn_intermediates"
    }

    /// The Duplex paper's accounting (see above).
    public static let paper = AccountingOptions(prefillScores: .materialized, decodeScores: .fused, ffnIntermediates: .materialized)
    /// Everything fused: FlashAttention and fused FFN kernels.
    public static let fused = AccountingOptions(prefillScores: .fused, decodeScores: .fused, ffnIntermediates: .onChip)
    /// Everything through memory.
    public static let materialized = AccountingOptions(prefillScores: .materialized, decodeScores: .materialized, ffnIntermediates: .materialized)

    /// The score handling for a request in `phase`.
    public func scores(for phase: StageRequest.Phase) -> ScoreHandling {
        phase == .prefill ? prefillScores : decodeScores
    }
}
