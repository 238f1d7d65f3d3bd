import Testing
import DRAM
import Units

/// Analytic checks: simulated numbers against what the timing parameters allow.
@Suite struct DRAMFidelityTests {
    let preset = DRAMTestSupport.preset52
    var o: DRAMOrganization { preset.organization }
    var t: DRAMTimingParameters { preset.timing }
    let noRefresh = DRAMControllerConfig(refresh: false)

    @Test func unloadedReadLatencyIsRCDPlusCLPlusBurst() {
        for p in ["hbm3-5.2", "hbm3-6.4", "hbm3e-9.6"] {
            let preset = try! DRAMPreset.builtin(named: p)
            let r = DRAMStack(preset: preset, config: noRefresh).run(DRAMTestSupport.streamOneChannel(preset.organization, count: 1))
            let cycles = preset.timing.nRCDRD + preset.timing.nCL + preset.timing.nBL
            #expect(r.statistics.latencyQuantileCycles(1) == cycles, "\(p)")
            #expect(r.latencyQuantile(1) == preset.organization.clock.time(ofCycle: cycles), "\(p)")
        }
        // 5.2 Gb/s: (19 + 19 + 2) x 769.23 ps = 30.77 ns.
        let r = DRAMStack(preset: preset, config: noRefresh).run(DRAMTestSupport.streamOneChannel(o, count: 1))
        #expect(r.latencyQuantile(1) == .ps(30770))
    }

    @Test func streamingReadsReachNinetyPercentAndNeverExceedPeak() throws {
        let generator = DRAMTrafficGenerator(organization: o)
        let r = DRAMStack(preset: preset, config: noRefresh).run(try generator.requests(.stream, bytes: .mib(2)))
        let share = r.bandwidth.bytesPerSecond / 665.6e9
        #expect(share >= 0.90, "stream reached \(share) of 665.6 GB/s")
        #expect(share <= 1.0)
        #expect(r.rowHitRate == 31.0 / 32.0)
    }

    @Test func refreshCostsAboutTRFCOverTREFI() {
        // One pseudo-channel over ~25 refresh intervals.
        let requests = DRAMTestSupport.streamOneChannel(o, count: 60_000)
        let without = DRAMStack(preset: preset, config: noRefresh).run(requests)
        let with = DRAMStack(preset: preset).run(requests)
        let expected = Double(t.nRFC) / Double(t.nREFI)  // 585 / 5070 = 11.5 %
        let loss = 1 - with.bandwidth.bytesPerSecond / without.bandwidth.bytesPerSecond
        #expect(abs(loss - expected) < 0.025, "bandwidth lost to refresh \(loss), tRFC/tREFI \(expected)")
        #expect(abs(with.refreshTimeShare(pseudoChannelsUsed: 1) - expected) < 0.01)
        #expect(with.commandCount(.ref) >= 2 * 20)
    }

    @Test func randomIsSlowerThanStreamAndRowHitsExplainWhy() {
        let stream = DRAMStack(preset: preset, config: noRefresh).run(DRAMTestSupport.streamOneChannel(o, count: 20_000))
        let random = DRAMStack(preset: preset, config: noRefresh).run(DRAMTestSupport.randomOneChannel(o, count: 20_000, seed: 3))
        #expect(random.bandwidth < stream.bandwidth * 0.6)
        #expect(stream.rowHitRate > 0.96)
        #expect(random.rowHitRate < 0.01)
        // With (almost) every access an activation, the activation rate bounds bandwidth: at most
        // 4 ACTs per nFAW per rank, and one ACT per nRRDS per rank.
        let actsPerCycle = Double(o.ranks) * min(4.0 / Double(t.nFAW), 1.0 / Double(t.nRRDS))
        let bound = actsPerCycle * Double(o.accessBytes.bytes) / (1 - random.rowHitRate) / Double(o.clock.approximatePeriod.picoseconds) * 1e12
        #expect(random.bandwidth.bytesPerSecond <= bound * 1.001)
        #expect(random.bandwidth.bytesPerSecond >= bound * 0.8, "random \(random.bandwidth) vs activation bound \(bound) B/s")
    }

    @Test func logicPIMBundleStreamingGivesFourTimesTheExternalBandwidth() throws {
        let generator = DRAMTrafficGenerator(organization: o)
        let r = DRAMStack(preset: preset, config: noRefresh).run(try generator.requests(.pimBundle, bytes: .mib(8)))
        #expect(r.bandwidthOverExternalPeak >= 3.6, "\(r.bandwidthOverExternalPeak)x")
        #expect(r.bandwidthOverExternalPeak <= 4.0)
        #expect(r.bytes(.logicPIM) == .mib(8))
        // One bundle per pseudo-channel cannot hide its row cycle: ACT, 32 ALL-RD nCCDL apart,
        // ALL-PRE nRTPS after the last, next ALL-ACT nRP later. Exact cycle count of the run.
        let one = DRAMTrafficGenerator(organization: o, bundles: 1)
        let single = DRAMStack(preset: preset, config: noRefresh).run(try one.requests(.pimBundle, bytes: .mib(4)))
        let rows = Int64(4 << 20) / o.rowBytes.bytes / Int64(o.banksPerBundle) / Int64(o.pseudoChannels)
        let lastRead = t.nRCDRD + Int64(o.columns - 1) * t.nCCDL
        let period = max(lastRead + t.nRTPS + t.nRP, t.nRC)
        #expect(single.statistics.lastCompletionCycle == (rows - 1) * period + lastRead + t.nCL + t.nBL)
        #expect(single.bandwidthOverExternalPeak < 3.1)
    }

    @Test func bankPIMAllBankStreamingAgainstItsRowCycleBound() throws {
        let generator = DRAMTrafficGenerator(organization: o)
        let r = DRAMStack(preset: preset, config: noRefresh).run(try generator.requests(.pimAllBank, bytes: .mib(16)))
        // Peak: 16 banks x 32 B per nCCDL per rank, both ranks = 16x. Each row of 32 columns also
        // pays nRCDRD + nRTPL - nCCDL + nRP cycles that no other rank can hide.
        let rowCycle = Double(o.columns) * Double(t.nCCDL)
        let bound = 16 * rowCycle / (rowCycle + Double(t.nRCDRD + t.nRTPL - t.nCCDL + t.nRP))
        #expect(r.bandwidthOverExternalPeak <= bound * 1.001)
        #expect(r.bandwidthOverExternalPeak >= bound * 0.97, "\(r.bandwidthOverExternalPeak)x vs bound \(bound)x")
        // The power limit stretches the column interval from nCCDL to nCCDAB.
        let limited = DRAMStack(preset: preset, config: DRAMControllerConfig(refresh: false, bankPIMPowerLimit: true))
            .run(try generator.requests(.pimAllBank, bytes: .mib(16)))
        let limitedRow = Double(o.columns) * Double(t.nCCDAB)
        let limitedBound = 16 * Double(t.nCCDL) / Double(t.nCCDAB) * limitedRow / (limitedRow + Double(t.nRCDRD + t.nRTPL - t.nCCDAB + t.nRP))
        #expect(limited.bandwidthOverExternalPeak <= limitedBound * 1.001)
        #expect(limited.bandwidthOverExternalPeak >= limitedBound * 0.97, "\(limited.bandwidthOverExternalPeak)x vs \(limitedBound)x")
    }

    @Test func xPUReadsToOtherBundlesProceedWhileABundleDoesPIMWork() {
        // Logic-PIM streams bundle 0 of rank 0; the xPU streams bundle 1 of rank 0 and rank 1.
        // Each source issues at its standalone rate (open loop), as two independent masters would.
        let stack = DRAMStack(preset: preset, config: DRAMControllerConfig(readQueueCapacity: 64, writeQueueCapacity: 32, refresh: false))
        func pim(_ gap: Double) -> [DRAMRequest] {
            (0..<4_000).map { k in
                DRAMRequest(isWrite: false, path: .logicPIM, location: DRAMLocation(
                    pseudoChannel: 0, rank: 0, bankGroup: 0, bank: 0, row: (k / o.columns) % o.rows, column: k % o.columns),
                    arrivalCycle: Int64(Double(k) * gap))
            }
        }
        func xpu(_ gap: Double) -> [DRAMRequest] {
            DRAMTestSupport.streamOneChannel(o, count: 8_000).enumerated().map { k, r in
                var r = r
                r.location.bank = 2 + r.location.bank % 2  // banks 2, 3 of each group: bundle 1
                r.arrivalCycle = Int64(Double(k) * gap)
                return r
            }
        }
        let pimAlone = stack.run(pim(0)), xpuAlone = stack.run(xpu(0))
        let pimGap = Double(pimAlone.statistics.lastCompletionCycle) / 4_000
        let xpuGap = Double(xpuAlone.statistics.lastCompletionCycle) / 8_000
        let both = (pim(pimGap) + xpu(xpuGap)).enumerated().sorted {
            ($0.element.arrivalCycle, $0.offset) < ($1.element.arrivalCycle, $1.offset)
        }.map(\.element)
        let shared = stack.run(both)
        let longest = max(pimAlone.statistics.lastCompletionCycle, xpuAlone.statistics.lastCompletionCycle)
        #expect(Double(shared.statistics.lastCompletionCycle) < 1.1 * Double(longest),
                "shared run \(shared.statistics.lastCompletionCycle) cycles, standalone \(pimAlone.statistics.lastCompletionCycle) and \(xpuAlone.statistics.lastCompletionCycle)")
        #expect(shared.bandwidth > pimAlone.bandwidth * 1.2)
    }

    @Test func writesAndClosedPageComplete() {
        let requests = DRAMTestSupport.randomOneChannel(o, count: 3_000, seed: 11, readRatio: 0.5)
        for policy in DRAMPagePolicy.allCases {
            let r = DRAMStack(preset: preset, config: DRAMControllerConfig(pagePolicy: policy)).run(requests)
            #expect(r.statistics.requests == 3_000)
            #expect(r.statistics.writeRequests > 1_300 && r.statistics.readRequests > 1_300)
            if policy == .closed { #expect(r.commandCount(.pre) + r.commandCount(.prea) > 0) }
        }
        // A lone write: nRCDWR + nCWL + nBL.
        let w = DRAMStack(preset: preset, config: noRefresh).run(DRAMTestSupport.streamOneChannel(o, count: 1, write: true))
        #expect(w.statistics.latencyQuantileCycles(1) == t.nRCDWR + t.nCWL + t.nBL)
    }
}
