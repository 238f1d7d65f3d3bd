/// What one pseudo-channel controller did, in exact integer counts (cycles, commands, bytes);
/// `DRAMRunResult` turns merged statistics into time, bandwidth and energy.
public struct DRAMChannelStatistics: Hashable, Sendable {
    /// Commands issued, indexed by `DRAMCommand.rawValue`.
    public var commandCounts: [Int64] = Array(repeating: 0, count: DRAMCommand.count)
    /// Banks activated (1 per ACT, 8 per bundle ALL-ACT, 16 per AB-ACT).
    public var bankActivations: Int64 = 0
    /// Bytes read or written, indexed by `DRAMAccessPath.rawValue`.
    public var bytesByPath: [Int64] = Array(repeating: 0, count: DRAMAccessPath.allCases.count)
    public var readRequests: Int64 = 0
    public var writeRequests: Int64 = 0
    /// Column commands issued to a row opened by an earlier request (no activation of their own).
    public var rowHits: Int64 = 0
    /// Latency histogram: latencyCounts[c] requests took c cycles from entering the queue to the
    /// end of their data burst.
    public var latencyCounts: [Int64] = []
    /// Cycles the ranks spent refreshing (nRFC per REFab, summed over ranks).
    public var refreshCycles: Int64 = 0
    /// The cycle at which the last data burst ended.
    public var lastCompletionCycle: Int64 = 0

    public init() {}

    public var requests: Int64 { readRequests + writeRequests }

    mutating func recordLatency(_ cycles: Int64) {
        let i = Int(cycles)
        if i >= latencyCounts.count { latencyCounts += Array(repeating: 0, count: i + 1 - latencyCounts.count) }
        latencyCounts[i] += 1
    }

    /// Adds another channel's counts.
    public mutating func merge(_ other: DRAMChannelStatistics) {
        for i in commandCounts.indices { commandCounts[i] += other.commandCounts[i] }
        for i in bytesByPath.indices { bytesByPath[i] += other.bytesByPath[i] }
        bankActivations += other.bankActivations
        readRequests += other.readRequests
        writeRequests += other.writeRequests
        rowHits += other.rowHits
        if other.latencyCounts.count > latencyCounts.count {
            latencyCounts += Array(repeating: 0, count: other.latencyCounts.count - latencyCounts.count)
        }
        for (i, c) in other.latencyCounts.enumerated() { latencyCounts[i] += c }
        refreshCycles += other.refreshCycles
        lastCompletionCycle = max(lastCompletionCycle, other.lastCompletionCycle)
    }

    /// Mean latency in cycles, or nil with no requests.
    public var meanLatencyCycles: Double? {
        var n: Int64 = 0, sum: Double = 0
        for (c, k) in latencyCounts.enumerated() { n += k; sum += Double(c) * Double(k) }
        return n == 0 ? nil : sum / Double(n)
    }

    /// The smallest latency (cycles) at or below which a fraction q of requests completed.
    public func latencyQuantileCycles(_ q: Double) -> Int64? {
        precondition((0...1).contains(q), "quantile must be in [0, 1]")
        let n = latencyCounts.reduce(0, +)
        guard n > 0 else { return nil }
        let target = max(Int64((q * Double(n)).rounded(.up)), 1)
        var seen: Int64 = 0
        for (c, k) in latencyCounts.enumerated() {
            seen += k
            if seen >= target { return Int64(c) }
        }
        return Int64(latencyCounts.count - 1)
    }
}
