#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock and memory readings for benchmarks.
enum BenchmarkClock {
    /// Monotonic wall time in seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU time of this process (all threads) in seconds.
    static func processCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Peak resident set size of this process in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(Linux)
        return Int(usage.ru_maxrss) * 1024
        #else
        return Int(usage.ru_maxrss)
        #endif
    }

    /// Prints the machine-readable result line.
    static func result(_ name: String, _ value: Double, _ unit: String) {
        print("RESULT \(name) \(formatted(value)) \(unit)")
    }

    static func formatted(_ value: Double) -> String {
        value >= 1e5 ? String(format: "%.3e", value) : String(format: "%.4g", value)
    }
}

#if canImport(Foundation)
import Foundation
#endif
