import ArgumentParser

/// The `duplexsim` command: parses, validates, calls the libraries and prints. Nothing else.
@main
struct DuplexSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplexsim",
        abstract: "Discrete-event simulator of xPU + PIM hardware for attention and MoE LLM inference.",
        version: DuplexSimVersion.current,
        subcommands: [DRAMCommand.self, OpBCommand.self, TraceCommand.self, CalibrateCommand.self, ReplayCommand.self, KernelCommand.self,
                      CheckCommand.self, RunCommand.self, SweepCommand.self, MergeCommand.self]
    )
}
