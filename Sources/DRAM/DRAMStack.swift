import Units

/// One HBM stack: a controller per pseudo-channel, all built from one preset.
///
/// The pseudo-channels share no timing rule (each has its own data bus, command buses and
/// banks; the row/column command buses shared by the two pseudo-channels of a channel are
/// modelled per pseudo-channel, see docs/dram.md), so `run` serves each pseudo-channel's
/// requests independently and merges the results, in pseudo-channel order.
public struct DRAMStack: Sendable {
    public let preset: DRAMPreset
    public let config: DRAMControllerConfig
    public let table: DRAMTimingTable

    public init(preset: DRAMPreset, config: DRAMControllerConfig = DRAMControllerConfig()) {
        self.preset = preset
        self.config = config
        table = DRAMTimingTable(timing: preset.timing, options: .init(bankPIMPowerLimit: config.bankPIMPowerLimit))
    }

    /// A fresh controller for one pseudo-channel.
    public func controller(pseudoChannel: Int) -> DRAMPseudoChannelController {
        DRAMPseudoChannelController(pseudoChannel: pseudoChannel, organization: preset.organization,
                                    timing: preset.timing, table: table, config: config)
    }

    /// Serves `requests` (any order of pseudo-channels; arrival order within each) to completion.
    public func run(_ requests: [DRAMRequest]) -> DRAMRunResult {
        let o = preset.organization
        // One sequential pass packs each pseudo-channel's requests contiguously (see
        // DRAMPackedRequest), checking the channel and the arrival order.
        var counts = Array(repeating: 0, count: o.pseudoChannels)
        for r in requests {
            let pc = r.location.pseudoChannel
            precondition(pc >= 0 && pc < o.pseudoChannels, "DRAM: pseudo-channel \(pc) out of range")
            counts[pc] += 1
        }
        var perChannel = counts.map { count -> [DRAMPackedRequest] in
            var list: [DRAMPackedRequest] = []
            list.reserveCapacity(count)
            return list
        }
        for r in requests {
            let pc = r.location.pseudoChannel
            if let last = perChannel[pc].last {
                precondition(last.arrivalCycle <= r.arrivalCycle, "DRAM: requests of pc\(pc) are not in arrival order")
            }
            perChannel[pc].append(DRAMPackedRequest(r))
        }
        var statistics = DRAMChannelStatistics()
        var trace: [DRAMTraceEntry] = []
        for (pc, list) in perChannel.enumerated() where !list.isEmpty {
            let c = controller(pseudoChannel: pc)
            list.withUnsafeBufferPointer { c.run(packed: $0) }
            statistics.merge(c.statistics)
            if config.recordTrace { trace += c.trace }
        }
        return DRAMRunResult(preset: preset, statistics: statistics, trace: trace)
    }
}
