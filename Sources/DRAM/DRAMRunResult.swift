import Units

/// The outcome of serving a set of requests: time, bandwidth, latency, row hits, commands and
/// energy, with units. Derived from exact integer statistics; nothing here is formatted text.
public struct DRAMRunResult: Sendable {
    public let preset: DRAMPreset
    public let statistics: DRAMChannelStatistics
    /// Every issued command in pseudo-channel order (empty unless `recordTrace`).
    public let trace: [DRAMTraceEntry]

    var clock: ClockDomain { preset.organization.clock }

    /// From cycle 0 to the end of the last data burst.
    public var duration: SimTime { clock.time(ofCycle: statistics.lastCompletionCycle) }
    /// Bytes moved, all paths.
    public var bytes: ByteCount { ByteCount(bytes: statistics.bytesByPath.reduce(0, +)) }
    public func bytes(_ path: DRAMAccessPath) -> ByteCount { ByteCount(bytes: statistics.bytesByPath[path.rawValue]) }
    /// Bytes / duration.
    public var bandwidth: Bandwidth { duration > .zero ? Bandwidth.achieved(bytes, in: duration) : Bandwidth(bytesPerSecond: 0) }
    /// Achieved bandwidth over the stack's external peak (xPU path), e.g. 4 for a saturated
    /// Logic-PIM bundle stream.
    public var bandwidthOverExternalPeak: Double { bandwidth.bytesPerSecond / preset.organization.stackPeakBandwidth.bytesPerSecond }

    /// Mean request latency (queue entry to end of data).
    public var meanLatency: SimTime? {
        statistics.meanLatencyCycles.map { SimTime(picoseconds: Int64(($0 * Double(clock.periodNumerator) / Double(clock.periodDenominator)).rounded())) }
    }
    /// The q-quantile request latency, at whole-cycle resolution.
    public func latencyQuantile(_ q: Double) -> SimTime? {
        statistics.latencyQuantileCycles(q).map { clock.time(ofCycle: $0) }
    }
    /// Column commands served from an already-open row / all column commands.
    public var rowHitRate: Double {
        statistics.requests == 0 ? 0 : Double(statistics.rowHits) / Double(statistics.requests)
    }
    public func commandCount(_ c: DRAMCommand) -> Int64 { statistics.commandCounts[Int(c.rawValue)] }

    /// Activation energy: banks activated x energy per activation.
    public var activationEnergy: Energy { preset.energy.activate * Double(statistics.bankActivations) }
    /// Data-path energy of every path.
    public var dataEnergy: Energy {
        DRAMAccessPath.allCases.reduce(.zero) { $0 + preset.energy.perBit($1).energy(for: bytes($1)) }
    }
    /// Refresh energy: REFab commands x energy per refresh.
    public var refreshEnergy: Energy { preset.energy.refresh * Double(commandCount(.ref)) }
    public var totalEnergy: Energy { activationEnergy + dataEnergy + refreshEnergy }
    /// Total energy per bit moved.
    public var energyPerBit: EnergyPerBit {
        EnergyPerBit(picojoulesPerBit: bytes.bits == 0 ? 0 : totalEnergy.picojoules / Double(bytes.bits))
    }
    /// Fraction of rank-time spent refreshing: refresh cycles / (ranks x pseudo-channels used x duration).
    public func refreshTimeShare(pseudoChannelsUsed: Int) -> Double {
        let o = preset.organization
        let denominator = Double(o.ranks * pseudoChannelsUsed) * Double(statistics.lastCompletionCycle)
        return denominator == 0 ? 0 : Double(statistics.refreshCycles) / denominator
    }
}
