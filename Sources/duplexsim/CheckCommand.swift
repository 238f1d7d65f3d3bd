import ArgumentParser
import Foundation
import Hardware
import Reference
import Workloads

/// `duplexsim check`: the functional cross-check of the device models' splits. Builds one stage,
/// asks the replayer for the partition plan of every operator it splits, and runs each distinct
/// plan through the Reference `PlanExecutor` (numerics against the unsplit kernel, coverage,
/// and FLOP/byte accounting per fragment and in total).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Cross-check the device models' operator splits numerically and their FLOP/byte accounting (docs/reference.md).",
        discussion: "Exits non-zero if any plan fails. The Reference kernels are plain Swift: use small models (default tiny-moe).")

    @Option(help: "Model name or .json file.")
    var model: String = "tiny-moe"

    @Option(help: "System preset or .json file.")
    var system: String = "duplex"

    @Option(help: "Placement: \(Placement.names.joined(separator: ", ")).")
    var placement: String = "duplex"

    @Option(help: "decode (every request decodes) or mixed (one prefill plus decodes).")
    var stage: String = "decode"

    @Option(help: "Seed of the routing and of the executor's inputs.")
    var seed: UInt64 = 1

    @Option(help: "Requests in the stage.")
    var batch: Int = 4

    @Option(help: "Context length of the decoding requests (prompt length of the prefill).")
    var context: Int = 64

    @Option(name: .customLong("calibration-dir"), help: "Folder with gpus.csv and xpu-efficiency.csv.")
    var calibrationDir: String?

    func run() throws {
        guard stage == "decode" || stage == "mixed" else { throw ValidationError("--stage must be decode or mixed, got \"\(stage)\"") }
        guard batch >= 1, context >= 2 else { throw ValidationError("--batch must be >= 1 and --context >= 2") }
        let workload = try WorkloadOptions.parse(["--model", model, "--seed", String(seed)])
        let modelConfig = try workload.loadModel()
        let plan = try workload.plan(for: modelConfig)
        var requests = (0..<batch).map { StageRequest.decode(id: $0, context: context) }
        if stage == "mixed" { requests[0] = .prefill(id: 0, tokens: context) }
        let operators = try OperatorGraphBuilder(model: modelConfig, plan: plan, options: .paper)
            .operators(for: Stage(index: 0, requests: requests), router: UniformRouter(seed: seed))
        let systemModel = try SystemOptions.parse(["--system", system] + (calibrationDir.map { ["--calibration-dir", $0] } ?? [])).load()
        let replayer = try TraceReplayer(system: systemModel, placement: try Placement.named(placement), plan: plan,
                                         experts: modelConfig.experts)
        var seen = Set<PartitionPlan>()
        var failed = 0, skipped = 0
        let executor = PlanExecutor<Float>(seed: seed)
        for op in operators {
            guard let partition = replayer.partitionPlan(for: op, decodeOnlyStage: stage == "decode") else { skipped += 1; continue }
            var key = partition
            key.operatorName = ""
            guard seen.insert(key).inserted else { continue }
            let report = executor.check(partition)
            if !report.passed { failed += 1 }
            print("\(report.passed ? "PASS" : "FAIL") \(partition.operatorName) \(partition.operation.kind) "
                  + "fragments=\(partition.fragments.count) merge=\(partition.merge.rawValue) "
                  + "error/tolerance=\(String(format: "%.3g", report.maxErrorToTolerance))"
                  + (report.passed ? "" : " " + report.mismatches.prefix(3).map { "\($0)" }.joined(separator: "; ")))
        }
        print("\(seen.count) distinct plans checked, \(failed) failed; \(skipped) operators without a plan (norms, routers, collectives, prefill attention, dense FFNs)")
        if failed > 0 { throw ExitCode(1) }
    }
}
