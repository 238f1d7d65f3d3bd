/// The part of an operator's iteration space one fragment computes. Ranges are half-open
/// index ranges; a nil field means "the whole extent" of that dimension. Which fields apply
/// depends on the operator (others must be nil, else the plan is invalid):
///
/// | operator | fields |
/// |---|---|
/// | `gemm` | `rows` (of A / C), `columns` (of B / C), `inner` (the reduction index k) |
/// | `attentionDecode` | `requests`, `kvHeads`, `keyTokens` (KV-cache positions) |
/// | `attentionPrefill` | `requests`, `kvHeads`, `queryTokens` (rows), `keyTokens` |
/// | `moe` | `experts` (expert indices), `columns` (FFN intermediate columns) |
///
/// A KV-head range carries all g query heads of each KV head (GQA groups never split).
/// Key-token and query-token ranges are clipped to each request's length.
public struct FragmentRegion: Codable, Sendable, Equatable, Hashable {
    public var requests: Range<Int>?
    public var kvHeads: Range<Int>?
    public var queryTokens: Range<Int>?
    public var keyTokens: Range<Int>?
    public var rows: Range<Int>?
    public var columns: Range<Int>?
    public var inner: Range<Int>?
    public var experts: [Int]?

    public init(requests: Range<Int>? = nil, kvHeads: Range<Int>? = nil, queryTokens: Range<Int>? = nil,
                keyTokens: Range<Int>? = nil, rows: Range<Int>? = nil, columns: Range<Int>? = nil,
                inner: Range<Int>? = nil, experts: [Int]? = nil) {
        self.requests = requests
        self.kvHeads = kvHeads
        self.queryTokens = queryTokens
        self.keyTokens = keyTokens
        self.rows = rows
        self.columns = columns
        self.inner = inner
        self.experts = experts
    }
}
