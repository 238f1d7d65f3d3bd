import ArgumentParser
import Foundation
import Workloads

/// `duplexsim opb`: Op/B per operator class from the operator IR, against a device's ridge point.
struct OpBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opb",
        abstract: "Op/B (FLOPs per memory byte) per operator class of a stage, compute- or memory-bound against a device.",
        discussion: """
            Per-layer averages over `--samples` stages (each with its own routing). MoE Op/B is over the \
            activated experts, as in the Duplex paper. Formulas and the paper comparison: docs/opb.md.
            """)

    @OptionGroup var workload: WorkloadOptions

    @Option(help: "Comma-separated batch sizes, e.g. 32,64,128.")
    var batch: String

    @Option(help: "Prompt length Lin (tokens).")
    var lin: Int

    @Option(help: "Output length Lout (tokens); decode contexts spread over Lin+1 ... Lin+Lout-1.")
    var lout: Int = 1024

    @Option(help: "decode (every request decodes) or mixed (one prefill of Lin tokens plus B-1 decodes).")
    var phase: String

    @Option(help: "Device whose ridge point decides compute- or memory-bound: \(RooflineDevice.catalog.map(\.name).joined(separator: ", ")).")
    var device: String = "h100"

    @Option(help: "Stages sampled per batch size (independent routing each).")
    var samples: Int = 8

    @Option(help: "Also write the rows as CSV to this file (atomically).")
    var csv: String?

    func batches() throws -> [Int] {
        let parts = batch.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--batch must be comma-separated positive integers such as 32,64,128, got \"\(batch)\"")
        }
        return values
    }

    func validate() throws {
        _ = try batches()
        if lin < 1 { throw ValidationError("--lin must be positive, got \(lin)") }
        if lout < 1 { throw ValidationError("--lout must be positive, got \(lout)") }
        if samples < 1 { throw ValidationError("--samples must be positive, got \(samples)") }
        guard OpBPhase(rawValue: phase) != nil else { throw ValidationError("--phase must be decode or mixed, got \"\(phase)\"") }
    }

    func run() throws {
        let model = try workload.loadModel()
        let plan = try workload.plan(for: model)
        let roofline = try RooflineDevice.named(device)
        let router = try workload.routingPolicy().router(seed: workload.seed)
        let builder = OperatorGraphBuilder(model: model, plan: plan, options: try workload.accountingOptions())
        let analysis = OpBAnalysis(builder: builder, router: router, samples: samples)
        var rows: [OpBRow] = []
        for batchSize in try batches() {
            rows += try analysis.rows(phase: OpBPhase(rawValue: phase)!, scenario: BatchScenario(batch: batchSize, inputLength: lin, outputLength: lout),
                                      device: roofline)
        }
        print("\(model.name): tp \(plan.tensorParallel), ep \(plan.expertParallel), expert tp \(plan.expertTensorParallel); "
              + "\(roofline.name) \(roofline.peak) / \(roofline.bandwidth), ridge \(String(format: "%.2f", roofline.ridgePoint)) Op/B; "
              + "routing \(workload.routingDescription); accounting \(workload.accounting)")
        print(OpBCommand.table(rows))
        if let csv {
            let text = ([OpBRow.csvHeader] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
            try AtomicFile.write(text, to: URL(fileURLWithPath: csv))
            print("wrote \(csv)")
        }
    }

    /// A fixed-width table: per-layer averages in GFLOP and MB, Op/B with 2 decimals.
    static func table(_ rows: [OpBRow]) -> String {
        let header = ["phase", "batch", "lin", "op_class", "GFLOP/layer", "MB/layer", "Op/B", "bound"]
        let body = rows.map { row in
            [row.phase.rawValue, "\(row.batch)", "\(row.inputLength)", row.opClass.rawValue,
             String(format: "%.3f", row.flopsPerLayer / 1e9), String(format: "%.3f", row.bytesPerLayer / 1e6),
             String(format: "%.2f", row.opPerByte), row.bound.rawValue]
        }
        let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max()! }
        return ([header] + body).map { cells in
            cells.enumerated().map { column, cell in
                column == 0 || column == 3 || column == 7
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
