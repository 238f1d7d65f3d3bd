import ArgumentParser
import DRAM
import Units

/// Simulated 32-byte requests per wall-clock second for streaming reads on one HBM3 stack.
struct DRAMStreamBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dram-stream",
        abstract: "DRAM model speed: sequential 32 B reads on one stack (RESULT dram-stream <requests/s>).")

    @OptionGroup var options: DRAMBenchmarkOptions

    func run() throws {
        try options.measure(pattern: .stream, name: "dram-stream")
    }
}
