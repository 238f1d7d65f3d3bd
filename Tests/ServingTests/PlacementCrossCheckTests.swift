import Hardware
import Reference
import Testing
import Workloads
@testable import Serving

/// `PlacementCrossCheck` (the planning behind `duplexsim check`): every serving placement's
/// splits pass the Reference cross-check for an MoE/GQA, a dense MHA and a dense GQA model in
/// decode and mixed stages, on the system the command picks by default; and broken plans fail.
@Suite struct PlacementCrossCheckTests {
    /// tiny-moe without experts: a dense model with GQA (4 query heads over 2 KV heads).
    static var tinyDenseGQA: ModelConfig {
        var model = Fixtures.model("tiny-moe")
        model.name = "tiny-dense-gqa"
        model.experts = 0
        model.topK = 0
        model.moeLayerInterval = 0
        return model
    }

    static func model(_ name: String) -> ModelConfig { name == "tiny-dense-gqa" ? tinyDenseGQA : Fixtures.model(name) }

    /// The command's default system for `policy`: duplex, or the PIM baseline's own preset.
    static func check(_ policy: PlacementPolicy, model name: String) throws -> PlacementCrossCheck {
        let system = policy == .bankPIM || policy == .bankgroupPIM ? policy.rawValue : "duplex"
        let deployment = try PlacementCrossCheck.deployment(model: model(name), system: Fixtures.system(system), policy: policy,
                                                            devices: nil, source: "test")
        return PlacementCrossCheck(deployment: deployment,
                                   system: try DeviceSystemModel.load(config: deployment.system, calibrationDirectory: DeviceExecutorTests.calibration))
    }

    @Test(arguments: PlacementPolicy.allCases, ["tiny-moe", "tiny-dense", "tiny-dense-gqa"])
    func everyPlacementPasses(policy: PlacementPolicy, model: String) throws {
        let check = try Self.check(policy, model: model)
        for kind in [StageKind.decode, .mixed] {
            let (plans, _) = try check.plans(for: PlacementCrossCheck.stage(kind, batch: 4, context: 24), seed: 3)
            #expect(plans.count >= 3, "\(policy.rawValue) \(model) \(kind): \(plans.count) plans")
            for (plan, report) in zip(plans, PlacementCrossCheck.check(plans, seed: 3)) {
                #expect(report.passed, "\(policy.rawValue) \(model) \(kind) \(plan.operatorName): \(report.mismatches.prefix(2))")
            }
            let onPIM = plans.contains { $0.fragments.contains { $0.unit != .xpu } }
            #expect(onPIM == (policy != .gpu), "\(policy.rawValue) \(model) \(kind): decode attention on the PIM")
        }
    }

    /// +PE moves some experts of the tiny MoE model to Logic-PIM and keeps others on the xPU; +ET
    /// splits every expert over the node's devices (expert TP = devices per node).
    @Test func coProcessingAndTensorParallelExperts() throws {
        let pe = try Self.check(.duplexPE, model: "tiny-moe")
        let (plans, _) = try pe.plans(for: PlacementCrossCheck.stage(.decode, batch: 4, context: 24), seed: 3)
        let experts = plans.filter { if case .moe = $0.operation { return true } else { return false } }
        #expect(!experts.isEmpty)
        let et = try Self.check(.duplexPEET, model: "tiny-moe")
        #expect(et.deployment.plan.expertTensorParallel == et.deployment.system.devicesPerNode.value)
        #expect(et.deployment.plan.expertParallel == 1)
    }

    /// Mutated plans are caught: a dropped tile, a double-counted partial sum, a wrong merge.
    @Test func brokenPlansFail() throws {
        // tiny-dense runs on 1 device, so decode attention splits over its 3 KV heads (concatenated);
        // tiny-moe's experts split column-wise over the stacks (partial sums).
        let dense = try Self.check(.duplex, model: "tiny-dense")
        let (densePlans, _) = try dense.plans(for: PlacementCrossCheck.stage(.decode, batch: 4, context: 24), seed: 3)
        let split = try #require(densePlans.first { $0.fragments.count > 1 && $0.merge == .concatenate })
        let moe = try Self.check(.duplex, model: "tiny-moe")
        let (moePlans, _) = try moe.plans(for: PlacementCrossCheck.stage(.decode, batch: 4, context: 24), seed: 3)
        let partial = try #require(moePlans.first { $0.merge == .sumPartials && $0.fragments.count > 1 })
        var dropped = split
        dropped.fragments.removeLast()
        var doubled = partial
        doubled.fragments.append(doubled.fragments[0])
        var droppedPartial = partial
        droppedPartial.fragments.removeFirst()
        var wrongMerge = partial
        wrongMerge.merge = .concatenate
        for (name, plan) in [("dropped tile", dropped), ("dropped partial", droppedPartial), ("double-counted partial", doubled),
                             ("wrong merge", wrongMerge)] {
            let report = try #require(PlacementCrossCheck.check([plan], seed: 3).first)
            #expect(!report.passed, "\(name) passed")
        }
        #expect(PlacementCrossCheck.check([split, partial], seed: 3).allSatisfy { $0.passed })
    }
}
