#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import DRAM
import Units

/// Options shared by the DRAM benchmarks.
struct DRAMBenchmarkOptions: ParsableArguments {
    @Option(help: "Preset name.")
    var preset: String = "hbm3-5.2"

    @Option(help: "Simulated requests per repetition.")
    var requests: Int = 8_000_000

    @Option(help: "Repetitions; the best is reported.")
    var repetitions: Int = 3

    func measure(pattern: DRAMTrafficPattern, name: String) throws {
        let p = try DRAMPreset.builtin(named: preset)
        let generator = DRAMTrafficGenerator(organization: p.organization)
        let list = try generator.requests(pattern, bytes: p.organization.accessBytes * Int64(requests))
        let stack = DRAMStack(preset: p)
        var best = 0.0
        for i in 0..<repetitions {
            let start = BenchmarkClock.now(), cpuStart = Self.cpuSeconds()
            let result = stack.run(list)
            let seconds = BenchmarkClock.now() - start, cpu = Self.cpuSeconds() - cpuStart
            let rate = Double(list.count) / seconds
            best = max(best, rate)
            print("\(name) rep=\(i) requests=\(list.count) wall=\(String(format: "%.3f", seconds))s cpu=\(String(format: "%.3f", cpu))s "
                  + "simulated=\(result.duration) bandwidth=\(result.bandwidth) row-hit=\(String(format: "%.4f", result.rowHitRate)) "
                  + "rate=\(BenchmarkClock.formatted(rate)) requests/s (per CPU-second \(BenchmarkClock.formatted(Double(list.count) / cpu)))")
        }
        print("\(name) peak RSS \(BenchmarkClock.peakResidentBytes() / 1_048_576) MiB")
        BenchmarkClock.result(name, best, "requests/s")
    }

    /// CPU time of this process in seconds (less sensitive than wall time to a shared machine).
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
