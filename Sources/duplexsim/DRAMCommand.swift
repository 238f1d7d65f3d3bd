import ArgumentParser
import DRAM
import Foundation
import Units

/// `duplexsim dram`: serves a synthetic access pattern on one HBM stack with the command-level
/// model and reports bandwidth, latency, row hits, commands, energy and refresh.
struct DRAMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dram",
        abstract: "Run an access pattern on one HBM stack (command-level DRAM model).",
        discussion: """
            Presets: \(DRAMPreset.builtinNames.joined(separator: ", ")) (Workloads/dram/*.json), or --preset-file FILE.
            Patterns: stream, random, strided (xPU path, 32 B requests); pim-bundle (Logic-PIM or
            BankGroup-PIM bank-bundle commands, 256 B); pim-allbank (Bank-PIM all-bank commands, 512 B).
            All requests are offered at time 0 (closed loop at saturation); latency counts from queue entry.
            """)

    @Option(help: "Built-in preset name.")
    var preset: String = "hbm3-5.2"

    @Option(name: .customLong("preset-file"), help: "A preset JSON file (overrides --preset).")
    var presetFile: String?

    @Option(help: "Access pattern: \(DRAMTrafficPattern.allCases.map(\.rawValue).joined(separator: "|")).")
    var pattern: String = "stream"

    @Option(help: "Bytes to move, e.g. 67108864 or 64MiB.")
    var bytes: String = "64MiB"

    @Option(name: .customLong("read-ratio"), help: "Fraction of requests that are reads, 0...1.")
    var readRatio: Double = 1

    @Option(help: "Seed of the read/write draw and of random addresses.")
    var seed: UInt64 = 1

    @Option(help: "Address step of the strided pattern, e.g. 4KiB.")
    var stride: String = "4KiB"

    @Option(help: "Bank bundles per pseudo-channel used by pim-bundle (default: all).")
    var bundles: Int?

    @Option(name: .customLong("pim-path"), help: "Path of pim-bundle requests: logic-pim or bankgroup-pim.")
    var pimPath: String = "logic-pim"

    @Option(help: "Address mapping, most significant field first.")
    var mapping: String = "RoBaRaCoCh"

    @Option(name: .customLong("page-policy"), help: "Row-buffer policy: open or closed.")
    var pagePolicy: String = "open"

    @Option(name: .customLong("read-queue"), help: "Read-queue entries per pseudo-channel.")
    var readQueue: Int = 32

    @Option(name: .customLong("write-queue"), help: "Write-queue entries per pseudo-channel (watermarks at 3/4 and 1/4).")
    var writeQueue: Int = 32

    @Flag(name: .customLong("no-refresh"), help: "Disable all-bank refresh.")
    var noRefresh = false

    @Flag(name: .customLong("power-limit"), help: "Bank-PIM power limit: all-bank column commands nCCDAB apart.")
    var powerLimit = false

    @Flag(help: "Re-validate every command with the independent trace checker (slow).")
    var check = false

    @Option(help: "Also write one CSV row (with header) to this file.")
    var csv: String?

    func run() throws {
        let p: DRAMPreset
        do {
            p = try presetFile.map { try DRAMPreset.load(path: $0) } ?? DRAMPreset.builtin(named: preset)
        } catch let error as DRAMPresetError {
            throw ValidationError(error.description)
        }
        guard let kind = DRAMTrafficPattern(rawValue: pattern) else {
            throw ValidationError("--pattern \(pattern): expected one of \(DRAMTrafficPattern.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let size: ByteCount
        if let n = Int64(bytes) { size = ByteCount(bytes: n) } else {
            do { size = try ByteCount(parsing: bytes) } catch { throw ValidationError("--bytes: \(error)") }
        }
        let step: ByteCount
        do { step = try ByteCount(parsing: stride) } catch { throw ValidationError("--stride: \(error)") }
        guard (0...1).contains(readRatio) else { throw ValidationError("--read-ratio \(readRatio): must be in [0, 1]") }
        guard let policy = DRAMPagePolicy(rawValue: pagePolicy) else { throw ValidationError("--page-policy \(pagePolicy): expected open or closed") }
        let path: DRAMAccessPath
        switch pimPath {
        case "logic-pim": path = .logicPIM
        case "bankgroup-pim": path = .bankGroupPIM
        default: throw ValidationError("--pim-path \(pimPath): expected logic-pim or bankgroup-pim")
        }
        let o = p.organization
        let maxBundles = o.ranks * o.bundlesPerRank
        if let b = bundles, !(1...maxBundles).contains(b) { throw ValidationError("--bundles \(b): expected 1...\(maxBundles)") }
        guard readQueue > 0, writeQueue >= 4 else { throw ValidationError("--read-queue must be >= 1 and --write-queue >= 4") }
        let addressMapping: DRAMAddressMapping
        do { addressMapping = try DRAMAddressMapping(parsing: mapping) } catch { throw ValidationError("--mapping: \(error)") }

        let generator = DRAMTrafficGenerator(organization: o, mapping: addressMapping, readRatio: readRatio, seed: seed,
                                             stride: step, bundles: bundles, bundlePath: path)
        let requests: [DRAMRequest]
        do { requests = try generator.requests(kind, bytes: size) } catch { throw ValidationError("--mapping: \(error)") }
        guard !requests.isEmpty else { throw ValidationError("--bytes \(bytes): less than one \(generator.requestBytes(kind)) request") }
        let config = DRAMControllerConfig(readQueueCapacity: readQueue, writeQueueCapacity: writeQueue,
                                          writeHighWatermark: writeQueue * 3 / 4, writeLowWatermark: writeQueue / 4,
                                          pagePolicy: policy, refresh: !noRefresh, bankPIMPowerLimit: powerLimit, recordTrace: check)
        let stack = DRAMStack(preset: p, config: config)
        let result = stack.run(requests)
        let channelsUsed = Set(requests.map(\.location.pseudoChannel)).count
        let report = DRAMReport(preset: p, pattern: kind, requests: requests.count, requestBytes: generator.requestBytes(kind),
                                readRatio: readRatio, result: result, pseudoChannelsUsed: channelsUsed)
        print(report.text)
        if check {
            let violations = DRAMTraceChecker(organization: o, table: stack.table).violations(in: result.trace)
            print("trace check: \(result.trace.count) commands, \(violations.count) violations")
            for v in violations.prefix(10) { print("  \(v)") }
            if !violations.isEmpty { throw ExitCode.failure }
        }
        if let csv { try report.writeCSV(to: csv) }
    }
}
