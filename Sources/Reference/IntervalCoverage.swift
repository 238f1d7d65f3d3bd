/// Checks that the index ranges fragments claim along one dimension tile a required range
/// exactly once: reports the gaps (computed by nobody: a dropped tile) and the overlaps
/// (computed more than once: double counting). O(r log r) for r ranges.
struct IntervalCoverage {
    /// The uncovered and multiply-covered subranges of `required` given `ranges`.
    static func check(_ ranges: [Range<Int>], required: Range<Int>) -> (gaps: [Range<Int>], overlaps: [Range<Int>]) {
        let clipped = ranges.map { $0.clamped(to: required) }.filter { !$0.isEmpty }
            .sorted { $0.lowerBound != $1.lowerBound ? $0.lowerBound < $1.lowerBound : $0.upperBound < $1.upperBound }
        var gaps: [Range<Int>] = [], overlaps: [Range<Int>] = []
        var cursor = required.lowerBound
        for r in clipped {
            if r.lowerBound > cursor { gaps.append(cursor..<r.lowerBound) }
            if r.lowerBound < cursor { overlaps.append(r.lowerBound..<min(cursor, r.upperBound)) }
            cursor = max(cursor, r.upperBound)
        }
        if cursor < required.upperBound { gaps.append(cursor..<required.upperBound) }
        return (gaps, overlaps)
    }
}
