import ArgumentParser
import Foundation
import Hardware
import Units
import Workloads

/// `duplexsim replay`: times an operator trace on a system and writes ops.csv and summary.csv.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay an operator trace on a system: per-operator timing and energy (docs/devices.md).",
        discussion: """
            Writes DIR/ops.csv (one row per operator: unit, start_us, end_us, bytes, FLOPs, Op/B, achieved \
            bandwidth and TFLOPS, energy by DRAM/compute/SRAM/link in uJ) and DIR/summary.csv (by operator \
            class and unit), atomically, and prints a breakdown.
            """)

    @Argument(help: "Operator trace (JSON Lines, docs/trace-format.md).")
    var trace: String

    @OptionGroup var systemOptions: SystemOptions

    @Option(help: "Placement: \(Placement.names.joined(separator: ", ")).")
    var placement: String = "gpu"

    @Option(help: "Output folder (created if missing).")
    var out: String

    @Flag(name: .customLong("no-memo"),
          help: "Simulate every segment instead of copying repeated ones (same results, slower; docs/devices.md).")
    var noMemo = false

    func run() throws {
        let trace = try OperatorTrace(contentsOf: URL(fileURLWithPath: self.trace))
        let system = try systemOptions.load()
        var replayer = try TraceReplayer(system: system, placement: try Placement.named(placement), header: trace.header)
        replayer.memoisesSegments = !noMemo
        let result = try replayer.run(trace.operators, source: URL(fileURLWithPath: self.trace).lastPathComponent)
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WorkloadInputError(source: directory.path, field: "--out", reason: "cannot create the folder (\(error.localizedDescription))")
        }
        try AtomicFile.write(result.operatorTable().rendered(), to: directory.appendingPathComponent("ops.csv"))
        try AtomicFile.write(result.summaryTable().rendered(), to: directory.appendingPathComponent("summary.csv"))
        print(ReplayCommand.breakdown(result), terminator: "")
        print("wrote \(directory.appendingPathComponent("ops.csv").path) and summary.csv")
    }

    /// The printed table: per class and unit, busy time and energy split.
    static func breakdown(_ result: ReplayResult) -> String {
        var lines = ["system \(result.systemName), placement \(result.placementName), memory \(result.memorySource)",
                     "\(result.records.count) operators in \(result.stageEnds.count) stages, makespan \(result.makespan), "
                     + "energy \(result.energy.total) (\(result.events) events simulated; "
                     + "\(result.reuse.reused) of \(result.reuse.segments) segments reused, standing for \(result.reuse.events) events)",
                     pad(["class", "unit", "ops", "busy_us", "dram_uJ", "compute_uJ", "sram_uJ", "link_uJ"])]
        for g in result.groups {
            lines.append(pad([g.opClass.rawValue, g.unit.rawValue, String(g.operators), String(format: "%.3f", g.busy.microseconds),
                              String(format: "%.3f", g.energy.dram.microjoules), String(format: "%.3f", g.energy.compute.microjoules),
                              String(format: "%.3f", g.energy.sram.microjoules), String(format: "%.3f", g.energy.link.microjoules)]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ cells: [String]) -> String {
        zip(cells, [14, 14, 6, 14, 14, 14, 12, 12]).map { $0.0.padding(toLength: max($0.1, $0.0.count), withPad: " ", startingAt: 0) }
            .joined(separator: " ")
    }
}
