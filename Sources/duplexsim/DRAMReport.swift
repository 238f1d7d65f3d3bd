import DRAM
import Foundation
import Units

/// The numbers `duplexsim dram` prints and writes, each with its unit.
struct DRAMReport {
    let preset: DRAMPreset
    let pattern: DRAMTrafficPattern
    let requests: Int
    let requestBytes: ByteCount
    let readRatio: Double
    let result: DRAMRunResult
    let pseudoChannelsUsed: Int

    var latencyMeanNs: Double { result.meanLatency?.nanoseconds ?? 0 }
    var latencyP99Ns: Double { result.latencyQuantile(0.99)?.nanoseconds ?? 0 }
    var refreshShare: Double { result.refreshTimeShare(pseudoChannelsUsed: pseudoChannelsUsed) }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    var text: String {
        let o = preset.organization
        let commands = DRAM.DRAMCommand.allCases.filter { result.commandCount($0) > 0 }
            .map { "\($0) \(result.commandCount($0))" }.joined(separator: ", ")
        return """
            preset \(preset.name): \(o.pseudoChannels) pseudo-channels, peak \(o.stackPeakBandwidth)
            pattern \(pattern.rawValue): \(requests) requests of \(requestBytes) (\(result.bytes)), read ratio \(readRatio), \(pseudoChannelsUsed) pseudo-channels used
            simulated time      \(result.duration)
            bandwidth           \(Self.fixed(result.bandwidth.gigabytesPerSecond, 2)) GB/s (\(Self.fixed(100 * result.bandwidthOverExternalPeak, 1))% of the stack's external peak)
            latency             mean \(Self.fixed(latencyMeanNs, 2)) ns, p99 \(Self.fixed(latencyP99Ns, 2)) ns
            row-hit rate        \(Self.fixed(result.rowHitRate, 4))
            commands            \(commands)
            energy              \(result.totalEnergy) (activation \(result.activationEnergy), data \(result.dataEnergy), refresh \(result.refreshEnergy)), \(Self.fixed(result.energyPerBit.picojoulesPerBit, 3)) pJ/b
            refresh             \(result.commandCount(.ref)) REFab, \(Self.fixed(100 * refreshShare, 2))% of rank time
            """
    }

    static let csvHeader = "preset,pattern,requests,bytes,read_ratio,duration_ns,bandwidth_GBps,bandwidth_over_peak,latency_mean_ns,latency_p99_ns,row_hit_rate,energy_pJ,energy_pJ_per_bit,refresh_time_share,"
        + DRAM.DRAMCommand.allCases.map { "cmd_\($0.description.replacingOccurrences(of: "-", with: "_"))" }.joined(separator: ",")

    var csvRow: String {
        ([preset.name, pattern.rawValue, "\(requests)", "\(result.bytes.bytes)", "\(readRatio)",
          Self.fixed(result.duration.nanoseconds, 3), Self.fixed(result.bandwidth.gigabytesPerSecond, 4),
          Self.fixed(result.bandwidthOverExternalPeak, 5), Self.fixed(latencyMeanNs, 3), Self.fixed(latencyP99Ns, 3),
          Self.fixed(result.rowHitRate, 6), Self.fixed(result.totalEnergy.picojoules, 1),
          Self.fixed(result.energyPerBit.picojoulesPerBit, 5), Self.fixed(refreshShare, 6)]
         + DRAM.DRAMCommand.allCases.map { "\(result.commandCount($0))" }).joined(separator: ",")
    }

    /// Writes header and row atomically: a temporary file next to `path`, then a rename.
    func writeCSV(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try Data((Self.csvHeader + "\n" + csvRow + "\n").utf8).write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) {
                _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: url)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DRAMCommandError(message: "cannot write CSV file \(path): \(error.localizedDescription)")
        }
    }
}

/// A failure of `duplexsim dram` after its arguments were accepted (e.g. an unwritable CSV file).
struct DRAMCommandError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
