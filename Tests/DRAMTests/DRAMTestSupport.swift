import DRAM
import Units

/// Shared helpers for the DRAM tests.
enum DRAMTestSupport {
    static let preset52: DRAMPreset = {
        do { return try DRAMPreset.builtin(named: "hbm3-5.2") } catch { fatalError("built-in preset: \(error)") }
    }()

    /// Requests for one pseudo-channel (pc 0): `count` sequential 32 B accesses in RoBaRaCoCh
    /// order within the channel (column, then rank, then bank, then row).
    static func streamOneChannel(_ o: DRAMOrganization, count: Int, write: Bool = false, path: DRAMAccessPath = .xpu) -> [DRAMRequest] {
        (0..<count).map { k in
            let column = k % o.columns
            var t = k / o.columns
            let rank = t % o.ranks; t /= o.ranks
            let b = t % o.banksPerRank; t /= o.banksPerRank
            return DRAMRequest(isWrite: write, path: path, location: DRAMLocation(
                pseudoChannel: 0, rank: rank, bankGroup: b % o.bankGroups, bank: b / o.bankGroups, row: t % o.rows, column: column))
        }
    }

    /// `count` uniformly random xPU accesses to pc 0, from a seed.
    static func randomOneChannel(_ o: DRAMOrganization, count: Int, seed: UInt64, readRatio: Double = 1) -> [DRAMRequest] {
        var rng = SplitMix64Proxy(seed: seed)
        return (0..<count).map { _ in
            let write = rng.unit() >= readRatio
            return DRAMRequest(isWrite: write, location: DRAMLocation(
                pseudoChannel: 0, rank: rng.below(o.ranks), bankGroup: rng.below(o.bankGroups), bank: rng.below(o.banksPerBankGroup),
                row: rng.below(o.rows), column: rng.below(o.columns)))
        }
    }
}

import SimKernel

/// A SplitMix64 with small helpers for test traffic.
struct SplitMix64Proxy {
    var rng: SplitMix64
    init(seed: UInt64) { rng = SplitMix64(seed: seed) }
    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    mutating func unit() -> Double { rng.nextUnitDouble() }
}
