/// A `DRAMTimingTable` compiled for `DRAMTimingState`, generic over the table's rows.
///
/// Pairwise rows (window 1) are merged per (level, preceding, following): only the largest
/// latency of such rows can bind, since issuing p at cycle t raises "next f at this node" to
/// t + latency and raising to the maximum once equals raising once per row. The merged targets
/// are grouped by preceding command and level, so an issue of p walks, per level, one flat list
/// of (following command, latency) pairs. Window rows (w > 1, e.g. tFAW) are kept one by one.
struct DRAMCompiledTiming {
    /// The number of levels (`DRAMLevel.allCases.count`).
    static let levels = DRAMLevel.allCases.count

    /// Targets of preceding command p at level L: `targetStart[p * levels + L] ..< targetStart[p * levels + L + 1]`.
    let targetStart: [Int32]
    /// `DRAMCommand.rawValue` of each target's following command.
    let targetFollowing: [Int32]
    /// Command-clock cycles: the largest latency of the table's (L, p, f) pairwise rows.
    let targetLatency: [Int64]
    /// The same targets of preceding command p over all levels in one list, for units with one
    /// node per level (banks): `flatStart[p] ..< flatStart[p + 1]`, each `flatLevel` (the
    /// `DRAMLevel.rawValue`), `flatFollowing` and `flatLatency`.
    let flatStart: [Int32]
    let flatLevel: [Int32]
    let flatFollowing: [Int32]
    let flatLatency: [Int64]
    /// The window rules (window > 1), in table order.
    let windowRules: [DRAMTimingRule]

    init(table: DRAMTimingTable) {
        let c = DRAMCommand.count, levels = DRAMCompiledTiming.levels
        // merged[(p * levels + L) * c + f]: the largest latency, or nil without a row.
        var merged = [Int64?](repeating: nil, count: c * levels * c)
        for r in table.rules where r.window == 1 {
            let i = (Int(r.preceding.rawValue) * levels + r.level.rawValue) * c + Int(r.following.rawValue)
            merged[i] = max(merged[i] ?? r.latency, r.latency)
        }
        var start: [Int32] = [], following: [Int32] = [], latency: [Int64] = []
        for pl in 0..<c * levels {
            start.append(Int32(following.count))
            for f in 0..<c {
                if let l = merged[pl * c + f] {
                    following.append(Int32(f))
                    latency.append(l)
                }
            }
        }
        start.append(Int32(following.count))
        targetStart = start
        targetFollowing = following
        targetLatency = latency
        var fStart: [Int32] = [], fLevel: [Int32] = []
        for p in 0..<c {
            fStart.append(start[p * levels])
            for level in 0..<levels { fLevel += Array(repeating: Int32(level), count: Int(start[p * levels + level + 1] - start[p * levels + level])) }
        }
        fStart.append(start[c * levels])
        flatStart = fStart
        flatLevel = fLevel
        flatFollowing = following
        flatLatency = latency
        windowRules = table.rules.filter { $0.window > 1 }
    }
}
