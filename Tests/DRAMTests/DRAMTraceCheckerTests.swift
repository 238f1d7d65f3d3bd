import Testing
import DRAM
import Units

/// Randomised mixed traffic (xPU reads and writes, Logic-PIM and BankGroup-PIM bundle commands,
/// Bank-PIM all-bank commands, refresh, both page policies), every issued command re-validated by
/// the independent `DRAMTraceChecker`.
@Suite struct DRAMTraceCheckerTests {
    let preset = DRAMTestSupport.preset52
    var o: DRAMOrganization { preset.organization }

    /// Mixed requests to pc 0 with random arrival gaps.
    func mixedTraffic(seed: UInt64, count: Int) -> [DRAMRequest] {
        var rng = SplitMix64Proxy(seed: seed)
        var cycle: Int64 = 0
        let rowsUsed = 4  // few rows: many hits, conflicts and PIM/xPU collisions
        return (0..<count).map { _ in
            cycle += Int64(rng.below(24))
            let kind = rng.below(10)
            let path: DRAMAccessPath = kind < 6 ? .xpu : kind < 8 ? .logicPIM : kind < 9 ? .bankGroupPIM : .bankPIM
            return DRAMRequest(isWrite: rng.unit() < 0.35, path: path, location: DRAMLocation(
                pseudoChannel: 0, rank: rng.below(o.ranks), bankGroup: rng.below(o.bankGroups), bank: rng.below(o.banksPerBankGroup),
                row: rng.below(rowsUsed), column: rng.below(o.columns)), arrivalCycle: cycle)
        }
    }

    @Test func everyCommandOfRandomMixedTrafficIsLegal() {
        for seed in UInt64(1)...16 {
            let policy: DRAMPagePolicy = seed % 2 == 0 ? .open : .closed
            let config = DRAMControllerConfig(readQueueCapacity: 8 + Int(seed % 3) * 8, writeQueueCapacity: 16, writeHighWatermark: 12,
                                              writeLowWatermark: 4, pagePolicy: policy, refresh: true,
                                              bankPIMPowerLimit: seed % 3 == 0, recordTrace: true)
            let stack = DRAMStack(preset: preset, config: config)
            let requests = mixedTraffic(seed: seed, count: 700)
            let result = stack.run(requests)
            #expect(result.statistics.requests == Int64(requests.count), "seed \(seed): not every request completed")
            #expect(result.trace.count >= requests.count, "seed \(seed)")
            #expect(result.commandCount(.ref) > 0, "seed \(seed): run too short to include refresh")
            let violations = DRAMTraceChecker(organization: o, table: stack.table).violations(in: result.trace)
            #expect(violations.isEmpty, "seed \(seed): \(violations.prefix(5))")
        }
    }

    @Test func sameInputGivesTheSameTrace() {
        let config = DRAMControllerConfig(recordTrace: true)
        let requests = mixedTraffic(seed: 99, count: 800)
        let a = DRAMStack(preset: preset, config: config).run(requests).trace
        let b = DRAMStack(preset: preset, config: config).run(requests).trace
        #expect(!a.isEmpty && a == b)
    }

    @Test func theCheckerCatchesACommandMovedOneCycleEarly() {
        let stack = DRAMStack(preset: preset, config: DRAMControllerConfig(refresh: false, recordTrace: true))
        let trace = stack.run(DRAMTestSupport.randomOneChannel(o, count: 200, seed: 7)).trace
        let checker = DRAMTraceChecker(organization: o, table: stack.table)
        #expect(checker.violations(in: trace).isEmpty)
        // Find commands that were issued exactly at a gate: moving them earlier must be caught.
        var caught = 0, tried = 0
        for i in 1..<trace.count where trace[i].cycle > trace[i - 1].cycle && tried < 20 {
            var broken = trace
            broken[i].cycle -= 1
            tried += 1
            if !checker.violations(in: broken).isEmpty { caught += 1 }
        }
        #expect(tried == 20)
        #expect(caught > 10, "only \(caught) of \(tried) early commands caught")
        // A read of a row that is not open is caught.
        if let k = trace.firstIndex(where: { $0.command == .rd }) {
            var broken = trace
            broken[k].row += 1
            #expect(checker.violations(in: broken).contains { $0.contains("accesses row") })
        }
    }
}
