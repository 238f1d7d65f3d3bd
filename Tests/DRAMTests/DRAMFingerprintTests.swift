import Testing
import DRAM
import Units

/// Behaviour lock for the command-level model: for fixed inputs (every traffic pattern, reads and
/// writes, refresh on and off, both page policies, the power limit, PIM and xPU mixed, on every
/// built-in preset), the full command trace and every statistic must hash to the values recorded
/// on the engine before its speed work (main at a579729). Any change to scheduling decisions,
/// timing or accounting changes a fingerprint; a deliberate behaviour change must re-record them
/// and say why in the commit.
@Suite struct DRAMFingerprintTests {
    /// One input shape: a request list and a controller configuration for a preset.
    struct Case: Sendable {
        let name: String
        let config: DRAMControllerConfig
        let requests: @Sendable (DRAMOrganization) throws -> [DRAMRequest]
    }

    /// Requests to pseudo-channels 0 and 1 only (dense per-channel traffic, few requests in all).
    static func firstTwoChannels(_ list: [DRAMRequest]) -> [DRAMRequest] { list.filter { $0.location.pseudoChannel < 2 } }

    /// `count` generator requests of `pattern`, kept for pseudo-channels 0 and 1.
    static func generated(_ o: DRAMOrganization, _ pattern: DRAMTrafficPattern, count: Int, readRatio: Double = 1, seed: UInt64 = 1,
                          bundles: Int? = nil, bundlePath: DRAMAccessPath = .logicPIM) throws -> [DRAMRequest] {
        let g = DRAMTrafficGenerator(organization: o, readRatio: readRatio, seed: seed, bundles: bundles, bundlePath: bundlePath)
        return firstTwoChannels(try g.requests(pattern, bytes: g.requestBytes(pattern) * Int64(count)))
    }

    /// xPU, Logic-PIM, BankGroup-PIM and Bank-PIM requests to pcs 0 and 1 over few rows, with
    /// random arrival gaps (open loop: the queues drain and refill).
    static func mixed(_ o: DRAMOrganization, seed: UInt64, count: Int) -> [DRAMRequest] {
        var rng = SplitMix64Proxy(seed: seed)
        var cycle: Int64 = 0
        return (0..<count).map { _ in
            cycle += Int64(rng.below(12))
            let kind = rng.below(10)
            let path: DRAMAccessPath = kind < 6 ? .xpu : kind < 8 ? .logicPIM : kind < 9 ? .bankGroupPIM : .bankPIM
            return DRAMRequest(isWrite: rng.unit() < 0.3, path: path, location: DRAMLocation(
                pseudoChannel: rng.below(2), rank: rng.below(o.ranks), bankGroup: rng.below(o.bankGroups),
                bank: rng.below(o.banksPerBankGroup), row: rng.below(6), column: rng.below(o.columns)), arrivalCycle: cycle)
        }
    }

    static func config(readQueue: Int = 32, writeQueue: Int = 32, high: Int = 24, low: Int = 8, policy: DRAMPagePolicy = .open,
                       refresh: Bool = true, powerLimit: Bool = false, separateQueues: Bool = true) -> DRAMControllerConfig {
        DRAMControllerConfig(readQueueCapacity: readQueue, writeQueueCapacity: writeQueue, writeHighWatermark: high,
                             writeLowWatermark: low, pagePolicy: policy, refresh: refresh, bankPIMPowerLimit: powerLimit,
                             recordTrace: true, separateRequesterQueues: separateQueues)
    }

    static let cases: [Case] = [
        Case(name: "stream", config: config()) { try generated($0, .stream, count: 96_000) },
        Case(name: "stream-rw-norefresh", config: config(refresh: false)) { try generated($0, .stream, count: 64_000, readRatio: 0.6) },
        Case(name: "random", config: config()) { try generated($0, .random, count: 48_000, seed: 5) },
        Case(name: "random-rw-closed", config: config(readQueue: 16, writeQueue: 16, high: 12, low: 4, policy: .closed)) {
            try generated($0, .random, count: 48_000, readRatio: 0.5, seed: 6)
        },
        Case(name: "strided", config: config()) { try generated($0, .strided, count: 4_000, readRatio: 0.8, seed: 7) },
        Case(name: "pim-bundle", config: config()) { try generated($0, .pimBundle, count: 64_000, readRatio: 0.8, seed: 8) },
        Case(name: "pim-bundle-1-bgpim", config: config(policy: .closed)) {
            try generated($0, .pimBundle, count: 32_000, seed: 9, bundles: 1, bundlePath: .bankGroupPIM)
        },
        Case(name: "pim-allbank-powerlimit", config: config(powerLimit: true)) { try generated($0, .pimAllBank, count: 48_000) },
        Case(name: "pim-allbank-rw", config: config(refresh: false)) { try generated($0, .pimAllBank, count: 48_000, readRatio: 0.7, seed: 10) },
        // One queue shared by both requesters (the engine before separate requester queues).
        Case(name: "mixed", config: config(separateQueues: false)) { mixed($0, seed: 11, count: 5_000) },
        Case(name: "mixed-closed-powerlimit",
             config: config(readQueue: 24, writeQueue: 16, high: 12, low: 4, policy: .closed, powerLimit: true, separateQueues: false)) {
            mixed($0, seed: 12, count: 5_000)
        },
        // Separate requester queues (the default).
        Case(name: "mixed-separate", config: config()) { mixed($0, seed: 11, count: 5_000) },
        Case(name: "mixed-separate-closed-powerlimit",
             config: config(readQueue: 24, writeQueue: 16, high: 12, low: 4, policy: .closed, powerLimit: true)) {
            mixed($0, seed: 12, count: 5_000)
        },
        Case(name: "all-channels", config: config()) { o in
            try DRAMTrafficGenerator(organization: o, readRatio: 0.9, seed: 13).requests(.stream, bytes: o.accessBytes * 16_000)
        },
    ]

    /// Recorded on the original engine (main at a579729), "preset/case" -> fingerprint; the
    /// `mixed-separate` cases on that engine with separate requester queues added (branch
    /// `contention`, f573ea1), before the two changes were merged.
    static let expected: [String: String] = [
        "hbm3-5.2/stream": "0x74e7032d261fa54a",
        "hbm3-5.2/stream-rw-norefresh": "0x85f3e7ac68b5d5e5",
        "hbm3-5.2/random": "0x437d98850d00127a",
        "hbm3-5.2/random-rw-closed": "0x85f11c8ffbbb200e",
        "hbm3-5.2/strided": "0x1ecce330e58df51b",
        "hbm3-5.2/pim-bundle": "0x82474fb172ca2fa3",
        "hbm3-5.2/pim-bundle-1-bgpim": "0xeef14482ec64dcf1",
        "hbm3-5.2/pim-allbank-powerlimit": "0xf0e23fa2ea9b8c89",
        "hbm3-5.2/pim-allbank-rw": "0xbb85246909a59802",
        "hbm3-5.2/mixed": "0xc8386dbe0fe3d135",
        "hbm3-5.2/mixed-closed-powerlimit": "0xe72b7dd45c37c801",
        "hbm3-5.2/mixed-separate": "0xd28f2cb5a3632525",
        "hbm3-5.2/mixed-separate-closed-powerlimit": "0xd9ca0d0b677bb793",
        "hbm3-5.2/all-channels": "0xfa2e6ef01973d352",
        "hbm3-6.4/stream": "0x7f5bc6ca1faa0e6b",
        "hbm3-6.4/stream-rw-norefresh": "0x49364601006e6a68",
        "hbm3-6.4/random": "0x3a2b83c11818474f",
        "hbm3-6.4/random-rw-closed": "0x6723d1f724a19aa3",
        "hbm3-6.4/strided": "0xbbf8973af9c22033",
        "hbm3-6.4/pim-bundle": "0xa1cfa939d4816d0b",
        "hbm3-6.4/pim-bundle-1-bgpim": "0xd5ec1857151b7ac5",
        "hbm3-6.4/pim-allbank-powerlimit": "0x431007a92b605909",
        "hbm3-6.4/pim-allbank-rw": "0x7f9e93b20ac68b79",
        "hbm3-6.4/mixed": "0x53184885da81a554",
        "hbm3-6.4/mixed-closed-powerlimit": "0xedcd6c4e4fe69f93",
        "hbm3-6.4/mixed-separate": "0x6414a2818f902f78",
        "hbm3-6.4/mixed-separate-closed-powerlimit": "0xe752858a3db42e1f",
        "hbm3-6.4/all-channels": "0xbb3fd3b34e64f4ad",
        "hbm3e-9.6/stream": "0xe8eb27920d37359c",
        "hbm3e-9.6/stream-rw-norefresh": "0xfc2d26bdf5ddd0f1",
        "hbm3e-9.6/random": "0xc3af130a315c35fa",
        "hbm3e-9.6/random-rw-closed": "0x603181745446a9cd",
        "hbm3e-9.6/strided": "0x26ccd7c8fb8462d4",
        "hbm3e-9.6/pim-bundle": "0xa8ecb119dba02668",
        "hbm3e-9.6/pim-bundle-1-bgpim": "0x1f88f47d840be713",
        "hbm3e-9.6/pim-allbank-powerlimit": "0x21c4b60c4aeaa42c",
        "hbm3e-9.6/pim-allbank-rw": "0xcbac5891b41c0e44",
        "hbm3e-9.6/mixed": "0x6972b30030b9f74c",
        "hbm3e-9.6/mixed-closed-powerlimit": "0x45a07cac3f6bdfef",
        "hbm3e-9.6/mixed-separate": "0xe6178ba4be7bcdd0",
        "hbm3e-9.6/mixed-separate-closed-powerlimit": "0x1e4aea506b238a80",
        "hbm3e-9.6/all-channels": "0xfbba7138ea86e360",
    ]

    @Test(arguments: ["hbm3-5.2", "hbm3-6.4", "hbm3e-9.6"])
    func fingerprintsAreUnchanged(preset name: String) throws {
        let preset = try DRAMPreset.builtin(named: name)
        for c in Self.cases {
            let requests = try c.requests(preset.organization)
            let traced = DRAMStack(preset: preset, config: c.config).run(requests)
            #expect(traced.statistics.requests == Int64(requests.count), "\(name)/\(c.name): not every request completed")
            var untracedConfig = c.config
            untracedConfig.recordTrace = false
            let untraced = DRAMStack(preset: preset, config: untracedConfig).run(requests)
            #expect(untraced.statistics == traced.statistics, "\(name)/\(c.name): statistics depend on tracing")
            let key = "\(name)/\(c.name)"
            let actual = DRAMFingerprint(traced).description
            #expect(Self.expected[key] == actual,
                    "\(key): fingerprint \(actual), expected \(Self.expected[key] ?? "none") (\(requests.count) requests, \(traced.trace.count) commands, \(traced.commandCount(.ref)) REFab)")
        }
    }
}
