/// A `DRAMTimingTable` compiled for `DRAMTimingState`, generic over the table's rows.
///
/// Pairwise rows (window 1) are merged per (level, preceding, following): only the largest
/// latency of such rows can bind, since issuing p at cycle t raises "next f at this node" to
/// t + latency and raising to the maximum once equals raising once per row.
///
/// Following commands are then grouped, per level, into *classes*: two commands are in one
/// class when every preceding command gives them the same merged latency at that level (or
/// none). Their "next" cycles at a node receive identical raises from the same initial value, so
/// they are always equal and one slot per class and node holds both (with the HBM3 table: the
/// four precharges share one bank-level slot, the seven row commands one pseudo-channel slot).
/// A RD then raises 9 slots instead of 13, an ACT 7 instead of 23 (hbm3-5.2, where nRCDRD =
/// nRCDWR also puts reads and writes in one bank-level class).
///
/// The targets (class, latency) are grouped by preceding command and level, so an issue of p
/// walks, per level, one flat list. Window rows (w > 1, e.g. tFAW) are kept one by one.
struct DRAMCompiledTiming {
    /// The number of levels (`DRAMLevel.allCases.count`).
    static let levels = DRAMLevel.allCases.count

    /// `commandClass[f * levels + L]`: the class of following command f at level L.
    let commandClass: [Int32]
    /// Classes per level (the slots of one node of that level).
    let classCount: [Int]
    /// Targets of preceding command p at level L: `targetStart[p * levels + L] ..< targetStart[p * levels + L + 1]`.
    let targetStart: [Int32]
    /// The class of each target at its level.
    let targetClass: [Int32]
    /// Command-clock cycles: the largest latency of the table's (L, p, f) pairwise rows for the
    /// class's commands.
    let targetLatency: [Int64]
    /// `DRAMLevel.rawValue` of each target (the targets of p over all levels form one list,
    /// `targetStart[p * levels] ..< targetStart[(p + 1) * levels]`, used for bank units).
    let targetLevel: [Int32]
    /// The window rules (window > 1), in table order.
    let windowRules: [DRAMTimingRule]

    init(table: DRAMTimingTable) {
        let c = DRAMCommand.count, levels = DRAMCompiledTiming.levels
        // merged[(L * c + f) * c + p]: the largest latency of (L, p, f) rows, or nil without a row.
        var merged = [Int64?](repeating: nil, count: levels * c * c)
        for r in table.rules where r.window == 1 {
            let i = (r.level.rawValue * c + Int(r.following.rawValue)) * c + Int(r.preceding.rawValue)
            merged[i] = max(merged[i] ?? r.latency, r.latency)
        }
        func column(_ level: Int, _ f: Int) -> ArraySlice<Int64?> { merged[(level * c + f) * c..<(level * c + f + 1) * c] }
        var commandClass = [Int32](repeating: 0, count: c * levels)
        var classCount: [Int] = []
        var representative: [[Int]] = []  // per level, the first command of each class
        for level in 0..<levels {
            var reps: [Int] = []
            for f in 0..<c {
                if let k = reps.firstIndex(where: { column(level, $0) == column(level, f) }) {
                    commandClass[f * levels + level] = Int32(k)
                } else {
                    commandClass[f * levels + level] = Int32(reps.count)
                    reps.append(f)
                }
            }
            classCount.append(reps.count)
            representative.append(reps)
        }
        var start: [Int32] = [], targetClass: [Int32] = [], latency: [Int64] = [], targetLevel: [Int32] = []
        for p in 0..<c {
            for level in 0..<levels {
                start.append(Int32(targetClass.count))
                for (k, f) in representative[level].enumerated() {
                    if let l = merged[(level * c + f) * c + p] {
                        targetClass.append(Int32(k))
                        latency.append(l)
                        targetLevel.append(Int32(level))
                    }
                }
            }
        }
        start.append(Int32(targetClass.count))
        self.commandClass = commandClass
        self.classCount = classCount
        targetStart = start
        self.targetClass = targetClass
        targetLatency = latency
        self.targetLevel = targetLevel
        windowRules = table.rules.filter { $0.window > 1 }
    }
}
