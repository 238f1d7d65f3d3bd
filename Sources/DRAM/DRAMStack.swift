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

    /// Requests handed to a controller per call while `run` streams its input (24 B each, so the
    /// staging buffers of all pseudo-channels stay in cache).
    static let chunk = 256

    /// Serves `requests` (any order of pseudo-channels; arrival order within each) to completion.
    ///
    /// One sequential pass packs each request (`DRAMPackedRequest`) into a small staging buffer
    /// per pseudo-channel; a full buffer goes to that pseudo-channel's controller, which runs
    /// until it has admitted all of it (`run(packed:final:)`), so the list is read once and
    /// no per-channel copy of it is built. Results merge in pseudo-channel order.
    ///
    /// With separate requester queues and both requesters in `requests`, each controller gets its
    /// whole input in one call instead (`DRAMPseudoChannelController.run(packed:final:)`: a chunk
    /// boundary would change which request a requester may admit past the other's).
    public func run(_ requests: [DRAMRequest]) -> DRAMRunResult {
        let pcs = preset.organization.pseudoChannels
        let chunk = DRAMStack.chunk
        let staging = UnsafeMutablePointer<DRAMPackedRequest>.allocate(capacity: pcs * chunk)
        let fill = allocateCopy(Array(repeating: 0, count: pcs))
        let lastArrival = allocateCopy(Array(repeating: Int64.min, count: pcs))
        defer { staging.deallocate(); fill.deallocate(); lastArrival.deallocate() }
        var controllers: [DRAMPseudoChannelController?] = Array(repeating: nil, count: pcs)
        func serve(_ pc: Int, final: Bool) {
            let c: DRAMPseudoChannelController
            if let existing = controllers[pc] { c = existing } else {
                c = controller(pseudoChannel: pc)
                controllers[pc] = c
            }
            // Every request so far is of one requester (else `runWhole` took over), or the queues
            // are shared (one lane for all).
            c.run(oneRequester: UnsafeBufferPointer(start: staging + pc * chunk, count: fill[pc]), final: final)
            fill[pc] = 0
        }
        // Bit 0: an xPU request was seen, bit 1: a memory-side one. Both, with separate requester
        // queues, need whole inputs: the chunked controllers are dropped and the run starts over
        // (found while packing, so the list is not scanned a second time in the usual case).
        let separate = config.separateRequesterQueues
        var requesters: UInt8 = 0
        let limits = DRAMPackedRequest.Limits(preset.organization)
        for r in requests {
            let pc = r.location.pseudoChannel
            precondition(pc >= 0 && pc < pcs, "DRAM: pseudo-channel \(pc) out of range")
            precondition(lastArrival[pc] <= r.arrivalCycle, "DRAM: requests of pc\(pc) are not in arrival order")
            lastArrival[pc] = r.arrivalCycle
            let packed = DRAMPackedRequest(r, within: limits)
            // The requester's bit; the test only when it is new (once per requester and run).
            let requester: UInt8 = packed.pathRaw == DRAMAccessPath.xpu.rawValue ? 1 : 2
            if requesters & requester == 0 {
                requesters |= requester
                if separate && requesters == 3 { return runWhole(requests) }
            }
            (staging + pc * chunk + fill[pc]).initialize(to: packed)
            fill[pc] += 1
            if fill[pc] == chunk { serve(pc, final: false) }
        }
        for pc in 0..<pcs where controllers[pc] != nil || fill[pc] > 0 { serve(pc, final: true) }
        return result(of: controllers.compactMap { $0 })
    }

    /// `run` with each pseudo-channel's whole input gathered first and served in one call.
    private func runWhole(_ requests: [DRAMRequest]) -> DRAMRunResult {
        let pcs = preset.organization.pseudoChannels
        var inputs: [[DRAMPackedRequest]] = Array(repeating: [], count: pcs)
        let limits = DRAMPackedRequest.Limits(preset.organization)
        for r in requests {
            let pc = r.location.pseudoChannel
            precondition(pc >= 0 && pc < pcs, "DRAM: pseudo-channel \(pc) out of range")
            precondition(inputs[pc].last.map { $0.arrivalCycle <= r.arrivalCycle } ?? true,
                         "DRAM: requests of pc\(pc) are not in arrival order")
            inputs[pc].append(DRAMPackedRequest(r, within: limits))
        }
        let controllers = inputs.indices.filter { !inputs[$0].isEmpty }.map { pc in
            let c = controller(pseudoChannel: pc)
            inputs[pc].withUnsafeBufferPointer { c.run(packed: $0, final: true) }
            return c
        }
        return result(of: controllers)
    }

    /// The merged statistics (and trace, in pseudo-channel order) of finished `controllers`.
    private func result(of controllers: [DRAMPseudoChannelController]) -> DRAMRunResult {
        var statistics = DRAMChannelStatistics()
        var trace: [DRAMTraceEntry] = []
        for c in controllers {
            statistics.merge(c.statistics)
            if config.recordTrace { trace += c.trace }
        }
        return DRAMRunResult(preset: preset, statistics: statistics, trace: trace)
    }
}
