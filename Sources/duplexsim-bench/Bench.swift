import ArgumentParser

/// `duplexsim-bench`: release-build benchmarks, one subcommand each. Every benchmark prints
/// human-readable detail and ends with lines `RESULT <name> <value> <unit>` for scripts.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplexsim-bench",
        abstract: "DuplexSim benchmarks (run with: swift run -c release duplexsim-bench <name>).",
        subcommands: [KernelHoldBenchmark.self, ReplayStageBenchmark.self, DRAMStreamBenchmark.self, DRAMRandomBenchmark.self, ServingBenchmark.self, ServingOverheadBenchmark.self,
                      SweepBenchmark.self]
    )
}
