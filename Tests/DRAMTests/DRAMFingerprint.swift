import DRAM

/// A 64-bit FNV-1a digest of everything a DRAM run produces: every trace entry (cycle, command,
/// pseudo-channel, rank, bank group, bank, row, column) and every statistic (command counts,
/// activations, bytes per path, request counts, row hits, the full latency histogram, refresh
/// cycles, last completion). Two runs with equal fingerprints gave the same command trace and the
/// same results (up to a 2^-64 collision), so the value pins the controller's behaviour.
struct DRAMFingerprint: Hashable, CustomStringConvertible {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}

    init(_ result: DRAMRunResult) {
        for e in result.trace {
            add(e.cycle)
            add(Int64(e.command.rawValue))
            for field in [e.pseudoChannel, e.rank, e.bankGroup, e.bank, e.row, e.column] { add(Int64(field)) }
        }
        add(Int64(result.trace.count))
        add(statistics: result.statistics)
    }

    /// Mixes one statistics record (field by field, arrays with their lengths).
    mutating func add(statistics s: DRAMChannelStatistics) {
        for list in [s.commandCounts, s.bytesByPath, s.latencyCounts] {
            add(Int64(list.count))
            for v in list { add(v) }
        }
        for v in [s.bankActivations, s.readRequests, s.writeRequests, s.rowHits, s.refreshCycles, s.lastCompletionCycle] { add(v) }
    }

    mutating func add(_ v: Int64) {
        var x = UInt64(bitPattern: v)
        for _ in 0..<8 {
            value ^= x & 0xff
            value = value &* 0x0000_0100_0000_01b3
            x >>= 8
        }
    }

    var description: String { "0x" + String(value, radix: 16) }
}
