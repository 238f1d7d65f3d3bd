/// Where attention's score matrix (softmax(QK^T)) lives.
public enum ScoreHandling: String, Codable, Hashable, Sendable, CaseIterable {
    /// Unfused two-kernel attention as in the Duplex paper: the QK^T kernel computes the full
    /// rectangle of scores (new tokens x context, masked entries included) and writes it to
    /// memory once; the softmax-times-V kernel reads it once. Intermediate bytes: 2 x elements x dtype.
    case materialized
    /// Fused FlashAttention-style: scores stay on chip and fully masked work is skipped, so only
    /// the causally needed scores (n*c + n(n+1)/2 per query head) are computed. No intermediate bytes.
    case fused
}
