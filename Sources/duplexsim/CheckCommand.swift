import ArgumentParser
import Foundation
import Hardware
import Reference
import Serving
import Workloads

/// `duplexsim check`: the functional cross-check of a serving placement's splits. Builds one
/// stage, places it as the serving simulator would (`PlacementCrossCheck`, over the Serving
/// module's `PlacementPlanner`), asks the device layer for the partition plan of every operator
/// it splits, and runs each distinct plan through the Reference `PlanExecutor` (numerics against
/// the unsplit kernel, coverage, and FLOP/byte accounting per fragment and in total).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Cross-check a serving placement's operator splits numerically and their FLOP/byte accounting (docs/reference.md).",
        discussion: """
            Placements are the serving placement policies (\(PlacementPolicy.names)); the replay-only \
            names pim and logic-pim are not accepted here (use duplex for Logic-PIM). Exits non-zero if \
            any plan fails. The Reference kernels are plain Swift: use small models (default tiny-moe).
            """)

    @Option(help: "Model name or .json file.")
    var model: String = "tiny-moe"

    @Option(help: "System preset or .json file (default: duplex; bank-pim and bankgroup-pim for those placements).")
    var system: String?

    @Option(help: "Serving placement: \(PlacementPolicy.names).")
    var placement: String = PlacementPolicy.duplexPE.rawValue

    @Option(help: "decode (every request decodes) or mixed (one prefill plus decodes).")
    var stage: String = "decode"

    @Option(help: "Seed of the routing and of the executor's inputs.")
    var seed: UInt64 = 1

    @Option(help: "Requests in the stage.")
    var batch: Int = 4

    @Option(help: "Context length of the decoding requests (prompt length of the prefill).")
    var context: Int = 64

    @Option(help: "Devices on one node (default: the system's, lowered to the largest count the model splits over).")
    var devices: Int?

    @Option(name: .customLong("calibration-dir"), help: "Folder with gpus.csv and xpu-efficiency.csv.")
    var calibrationDir: String?

    func run() throws {
        guard let kind = StageKind(rawValue: stage) else { throw ValidationError("--stage must be decode or mixed, got \"\(stage)\"") }
        guard let policy = PlacementPolicy(rawValue: placement) else {
            throw ValidationError("--placement must be one of \(PlacementPolicy.names), got \"\(placement)\"")
        }
        guard batch >= 1, context >= 2 else { throw ValidationError("--batch must be >= 1 and --context >= 2") }
        let modelConfig = try WorkloadOptions.parse(["--model", model, "--seed", String(seed)]).loadModel()
        let systemName = system ?? (policy == .bankPIM || policy == .bankgroupPIM ? policy.rawValue : "duplex")
        let config: SystemConfig = systemName.hasSuffix(".json") || systemName.contains("/")
            ? try SystemConfig.load(file: URL(fileURLWithPath: systemName)) : try SystemPresetLoader().load(systemName)
        let deployment = try PlacementCrossCheck.deployment(model: modelConfig, system: config, policy: policy, devices: devices,
                                                            source: "duplexsim check")
        let directory = try calibrationDir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? CalibrationDirectory.find()
        let check = PlacementCrossCheck(deployment: deployment,
                                        system: try DeviceSystemModel.load(config: deployment.system, calibrationDirectory: directory))
        let plan = deployment.plan
        print("check \(modelConfig.name) on \(deployment.system.deviceCount) x \(config.name), placement \(policy.rawValue), \(kind.rawValue) stage; "
              + "tp=\(plan.tensorParallel) ep=\(plan.expertParallel) expert_tp=\(plan.expertTensorParallel)")
        let (plans, unplanned) = try check.plans(for: PlacementCrossCheck.stage(kind, batch: batch, context: context), seed: seed)
        var failed = 0
        for (partition, report) in zip(plans, PlacementCrossCheck.check(plans, seed: seed)) {
            if !report.passed { failed += 1 }
            let verdict = report.passed ? "PASS" : "FAIL"
            let ratio = String(format: "%.3g", report.maxErrorToTolerance)
            let mismatches = report.passed ? "" : " " + report.mismatches.prefix(3).map { "\($0)" }.joined(separator: "; ")
            print("\(verdict) \(partition.operatorName) \(partition.operation.kind) fragments=\(partition.fragments.count) "
                  + "merge=\(partition.merge.rawValue) error/tolerance=\(ratio)\(mismatches)")
        }
        print("\(plans.count) distinct plans checked, \(failed) failed; \(unplanned) operators without a plan (norms, routers, collectives, prefill attention, dense FFNs)")
        if failed > 0 || plans.isEmpty { throw ExitCode(1) }
    }
}
