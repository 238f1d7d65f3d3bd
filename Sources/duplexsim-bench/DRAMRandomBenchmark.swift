import ArgumentParser
import DRAM
import Units

/// Simulated 32-byte requests per wall-clock second for uniformly random reads on one stack.
struct DRAMRandomBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dram-random",
        abstract: "DRAM model speed: random 32 B reads on one stack (RESULT dram-random <requests/s>).")

    @OptionGroup var options: DRAMBenchmarkOptions

    func run() throws {
        try options.measure(pattern: .random, name: "dram-random")
    }
}
