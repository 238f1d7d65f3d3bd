import ArgumentParser
import Foundation
import Workloads

/// `duplexsim trace`: writes the operator trace of a simple closed-loop batch.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Write the operator trace (JSON Lines, docs/trace-format.md) of a closed-loop batch.",
        discussion: """
            B requests start together with a prefill of Lin tokens, decode Lout-1 steps, and are replaced \
            by new requests (prefill in the next stage). The continuous-batching scheduler of the Serving \
            module writes the same format.
            """)

    @OptionGroup var workload: WorkloadOptions

    @Option(help: "Requests in the batch.")
    var batch: Int

    @Option(help: "Prompt length Lin (tokens).")
    var lin: Int

    @Option(help: "Output length Lout (tokens per request).")
    var lout: Int

    @Option(help: "Stages to emit.")
    var stages: Int

    @Option(name: [.short, .customLong("output")], help: "Trace file to write (atomically).")
    var output: String

    func validate() throws {
        for (name, value) in [("--batch", batch), ("--lin", lin), ("--lout", lout), ("--stages", stages)] where value < 1 {
            throw ValidationError("\(name) must be positive, got \(value)")
        }
    }

    func run() throws {
        let model = try workload.loadModel()
        let plan = try workload.plan(for: model)
        let options = try workload.accountingOptions()
        let router = try workload.routingPolicy().router(seed: workload.seed)
        let builder = OperatorGraphBuilder(model: model, plan: plan, options: options)
        var operators: [Operator] = []
        for stage in BatchScenario(batch: batch, inputLength: lin, outputLength: lout).closedLoopStages(count: stages) {
            operators += try builder.operators(for: stage, router: router, firstID: operators.count)
        }
        let trace = OperatorTrace(header: TraceHeader(model: model, plan: plan, accounting: options, routing: workload.routingDescription),
                                  operators: operators)
        try trace.write(to: URL(fileURLWithPath: output))
        print("wrote \(operators.count) operators of \(stages) stages to \(output)")
    }
}
