import Hardware
import Reference
import Testing
import Units
import Workloads
@testable import Serving

/// Every placement policy's splits pass the functional cross-check of the Reference module on a
/// scaled-down model: the partition plans the device layer books for the operators as the serving
/// layer places them compute the same numbers as the unsplit kernels, with exact FLOP/byte accounting.
@Suite struct FunctionalCrossCheckTests {
    @Test(arguments: [("gpu", "h100"), ("duplex", "duplex"), ("duplex+pe", "duplex"), ("duplex+pe+et", "duplex"),
                      ("bank-pim", "bank-pim"), ("bankgroup-pim", "bankgroup-pim")])
    func placedSplitsPassTheReferenceCheck(placement: String, system: String) throws {
        let policy = PlacementPolicy(rawValue: placement)!
        let model = Fixtures.model("tiny-moe")
        let deployment = try ServingDeployment(model: model, system: Fixtures.system(system, devices: 2), policy: policy, source: "t")
        var executor = try DeviceStageExecutor.load(deployment, calibrationDirectory: DeviceExecutorTests.calibration)
        var planner = PlacementPlanner(policy: policy, memoryProcessor: deployment.memoryProcessor, experts: model.experts)
        let checker = PlanExecutor<Float>(seed: 7)
        var seen = Set<PartitionPlan>()
        var checked = 0
        for stage in [Stage(index: 0, requests: (0..<6).map { .decode(id: $0, context: 20 + $0) }),
                      Stage(index: 1, requests: (0..<5).map { .decode(id: $0, context: 30 + $0) } + [.prefill(id: 9, tokens: 12)])] {
            let ops = try OperatorGraphBuilder(model: model, plan: deployment.plan).operators(for: stage, router: UniformRouter(seed: 4))
            let placed = try planner.place(stage, operators: ops, plan: deployment.plan, executor: &executor)
            var targets: [Int: PlacementTarget] = [:]
            for (op, where_) in zip(ops, placed.assignments) where where_.unit != .network {
                targets[op.id] = where_.unit.isMemoryProcessor ? .memoryProcessor : .xpu
            }
            let replayer = try TraceReplayer(system: executor.system, placement: Placement(name: placement, rules: [], operatorTargets: targets),
                                             plan: deployment.plan, experts: model.experts)
            for op in ops {
                guard var partition = replayer.partitionPlan(for: op, decodeOnlyStage: !stage.isMixed) else { continue }
                partition.operatorName = ""
                guard seen.insert(partition).inserted else { continue }
                let report = checker.check(partition)
                #expect(report.passed, "\(placement) \(op.kind) \(report.mismatches.prefix(2))")
                checked += 1
            }
        }
        #expect(checked >= 4)
        if policy != .gpu { #expect(seen.contains { $0.fragments.contains { $0.unit != .xpu } }) }
    }
}
