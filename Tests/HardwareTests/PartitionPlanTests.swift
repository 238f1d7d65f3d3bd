import Foundation
import Reference
import Testing
import Workloads
@testable import Hardware

@Suite("Partition plans of the device models")
struct PartitionPlanTests {
    static func plans(system: String, placement: Placement) throws -> [PartitionPlan] {
        let model = try DeviceFixtures.model("tiny-moe")
        let plan = PaperDeployment.plan(for: model)
        let stage = Stage(index: 0, requests: (0..<3).map { StageRequest.decode(id: $0, context: 40 + $0) })
        let operators = try OperatorGraphBuilder(model: model, plan: plan, options: .paper).operators(for: stage, router: UniformRouter(seed: 3))
        let replayer = try TraceReplayer(system: try DeviceFixtures.system(system), placement: placement, plan: plan, experts: model.experts)
        return operators.compactMap { replayer.partitionPlan(for: $0, decodeOnlyStage: true) }
    }

    /// Every split the Duplex placement times is numerically the unsplit operator, covers it
    /// exactly, and charges exactly the Reference's FLOPs and bytes per fragment and in total.
    @Test(arguments: ["duplex", "bank-pim"])
    func memoryProcessorSplitsPassTheReferenceCheck(system: String) throws {
        let plans = try Self.plans(system: system, placement: .duplex)
        #expect(plans.contains { $0.operation.kind == "moe" && $0.fragments.count == 5 && $0.merge == .sumPartials })
        #expect(plans.contains { $0.operation.kind == "attention-decode" && $0.fragments.count == 2 })
        for plan in plans {
            let report = PlanExecutor<Float>(seed: 5).check(plan)
            #expect(report.passed, "\(plan.operatorName): \(report.mismatches.prefix(3))")
        }
    }

    /// The check can fail: a fragment that charges one byte too few is caught.
    @Test func tamperedChargeIsCaught() throws {
        var plan = try #require(try Self.plans(system: "duplex", placement: .duplex).first { $0.operation.kind == "moe" })
        plan.fragments[0].charged!.bytes.weights -= 1
        let report = PlanExecutor<Float>(seed: 5).check(plan)
        #expect(!report.passed)
    }
}
