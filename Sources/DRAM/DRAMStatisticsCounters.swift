/// The counters behind one controller's `DRAMChannelStatistics`, in buffers the controller owns
/// (raw pointers: no copy-on-write or bounds checks per command), turned into the value type on
/// request. Counts are exact integers: commands, banks activated, bytes per path, requests, row
/// hits, a latency histogram in cycles, refresh cycles and the last completion cycle.
struct DRAMStatisticsCounters {
    /// Commands issued, indexed by `DRAMCommand.rawValue`.
    let commandCounts: UnsafeMutablePointer<Int64>
    /// Bytes moved, indexed by `DRAMAccessPath.rawValue`.
    let bytesByPath: UnsafeMutablePointer<Int64>
    /// latency[c]: requests that took c cycles; `latencyCapacity` entries allocated (the
    /// largest latency recorded is found when the statistics are read).
    var latency: UnsafeMutablePointer<Int64>
    var latencyCapacity: Int
    var bankActivations: Int64 = 0
    var rowHits: Int64 = 0
    var refreshCycles: Int64 = 0
    var lastCompletionCycle: Int64 = 0

    init() {
        commandCounts = allocateCopy(Array(repeating: 0, count: DRAMCommand.count))
        bytesByPath = allocateCopy(Array(repeating: 0, count: DRAMAccessPath.allCases.count))
        latencyCapacity = 1024
        latency = allocateCopy(Array(repeating: 0, count: latencyCapacity))
    }

    /// Frees the buffers (the owner's deinit).
    func deallocate() {
        commandCounts.deallocate()
        bytesByPath.deallocate()
        latency.deallocate()
    }

    /// Counts one request that took `cycles` from queue entry to the end of its data.
    @inline(__always)
    mutating func recordLatency(_ cycles: Int64) {
        let i = Int(cycles)
        if i >= latencyCapacity { growLatency(to: i + 1) }
        latency[i] += 1
    }

    mutating func growLatency(to count: Int) {
        precondition(count > 0, "DRAM: negative latency")
        var capacity = latencyCapacity
        while capacity < count { capacity *= 2 }
        let grown = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
        grown.initialize(from: latency, count: latencyCapacity)
        (grown + latencyCapacity).initialize(repeating: 0, count: capacity - latencyCapacity)
        latency.deallocate()
        latency = grown
        latencyCapacity = capacity
    }

    /// The counts as a value (the histogram ends at the largest latency recorded).
    var statistics: DRAMChannelStatistics {
        var s = DRAMChannelStatistics()
        s.commandCounts = Array(UnsafeBufferPointer(start: commandCounts, count: DRAMCommand.count))
        s.bytesByPath = Array(UnsafeBufferPointer(start: bytesByPath, count: DRAMAccessPath.allCases.count))
        var end = latencyCapacity  // one past the largest latency recorded
        while end > 0 && latency[end - 1] == 0 { end -= 1 }
        s.latencyCounts = Array(UnsafeBufferPointer(start: latency, count: end))
        s.bankActivations = bankActivations
        // Each retired request issued exactly one column command of its kind, and every column
        // command retires one request: the request counts are the column command counts.
        s.readRequests = DRAMCommand.allCases.filter(\.isRead).reduce(0) { $0 + commandCounts[Int($1.rawValue)] }
        s.writeRequests = DRAMCommand.allCases.filter(\.isWrite).reduce(0) { $0 + commandCounts[Int($1.rawValue)] }
        s.rowHits = rowHits
        s.refreshCycles = refreshCycles
        s.lastCompletionCycle = lastCompletionCycle
        return s
    }
}
