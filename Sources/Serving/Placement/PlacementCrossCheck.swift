import Hardware
import Reference
import Workloads

/// The functional cross-check of a placement policy (`duplexsim check`; docs/reference.md): a
/// stage is planned the way the serving simulator plans it (`PlacementPlanner`: decode attention
/// on the PIM, expert co-processing splitting experts between the xPU and Logic-PIM under +PE,
/// tensor-parallel experts over the node under +ET), the device layer states the partition plan
/// of every operator it splits (`TraceReplayer.partitionPlan`), and the Reference
/// `PlanExecutor` runs each distinct plan on real numbers against the unsplit kernel and checks
/// its FLOP/byte accounting exactly.
public struct PlacementCrossCheck: Sendable {
    public let deployment: ServingDeployment
    /// The device model of the deployment's system (timing tables for co-processing, tile plans).
    public let system: DeviceSystemModel

    public init(deployment: ServingDeployment, system: DeviceSystemModel) {
        self.deployment = deployment
        self.system = system
    }

    /// The deployment of `model` on `system` under `policy`. With `devices` nil the system's
    /// device count is used, lowered (one node) to the largest count whose parallel layout splits
    /// the model (the test models have 2 or 3 KV heads); with `devices` set, exactly that many
    /// devices on one node. Throws the deployment's error when no count fits.
    public static func deployment(model: ModelConfig, system: SystemConfig, policy: PlacementPolicy, devices: Int?,
                                  source: String) throws(WorkloadInputError) -> ServingDeployment {
        func onOneNode(_ count: Int) -> SystemConfig {
            var config = system
            config.nodes = Sourced(1, source: "\(source): --devices")
            config.devicesPerNode = Sourced(count, source: "\(source): --devices")
            return config
        }
        if let devices {
            guard devices >= 1 else {
                throw WorkloadInputError(source: source, field: "devices", reason: "must be at least 1, got \(devices)")
            }
            return try ServingDeployment(model: model, system: onOneNode(devices), policy: policy, source: source)
        }
        let firstError: WorkloadInputError
        do { return try ServingDeployment(model: model, system: system, policy: policy, source: source) } catch { firstError = error }
        for count in stride(from: system.deviceCount - 1, through: 1, by: -1) {
            do { return try ServingDeployment(model: model, system: onOneNode(count), policy: policy, source: source) } catch { continue }
        }
        throw firstError
    }

    /// A stage of `batch` requests with contexts `context`, `context + 1`, ...: all decoding, or
    /// (mixed) request 0 prefilling a `context`-token prompt while the others decode.
    public static func stage(_ kind: StageKind, batch: Int, context: Int) -> Stage {
        precondition(batch >= 1 && context >= 2, "a check stage needs a request and a context of 2 tokens, got \(batch), \(context)")
        var requests = (0..<batch).map { StageRequest.decode(id: $0, context: context + $0) }
        if kind == .mixed { requests[0] = .prefill(id: 0, tokens: context) }
        return Stage(index: 0, requests: requests)
    }

    /// The distinct partition plans of `stage` (routing by `UniformRouter(seed:)`) placed as the
    /// serving simulator places them, in operator order; plans equal up to their name are kept
    /// once (the first name). Operators the device layer gives no plan (norms, routers,
    /// collectives, prefill attention, dense FFNs) are counted in `unplanned`.
    public func plans(for stage: Stage, seed: UInt64) throws -> (plans: [PartitionPlan], unplanned: Int) {
        let model = deployment.model, plan = deployment.plan
        let operators = try OperatorGraphBuilder(model: model, plan: plan, options: .paper)
            .operators(for: stage, router: UniformRouter(seed: seed))
        var executor = DeviceStageExecutor(system: system, model: model)
        var planner = PlacementPlanner(policy: deployment.policy, memoryProcessor: deployment.memoryProcessor, experts: model.experts)
        let placed = try planner.place(stage, operators: operators, plan: plan, executor: &executor)
        var targets: [Int: PlacementTarget] = [:]
        for (op, placement) in zip(operators, placed.assignments) where placement.unit != .network {
            targets[op.id] = placement.unit.isMemoryProcessor ? .memoryProcessor : .xpu
        }
        let replayer = try TraceReplayer(system: system, placement: Placement(name: deployment.policy.rawValue, rules: [], operatorTargets: targets),
                                         plan: plan, experts: model.experts)
        var seen = Set<PartitionPlan>()
        var plans: [PartitionPlan] = []
        var unplanned = 0
        for op in operators {
            guard let partition = replayer.partitionPlan(for: op, decodeOnlyStage: !stage.isMixed) else { unplanned += 1; continue }
            var key = partition
            key.operatorName = ""
            if seen.insert(key).inserted { plans.append(partition) }
        }
        return (plans, unplanned)
    }

    /// One report per plan from `PlanExecutor<Float>(seed: seed)`, in the plans' order.
    public static func check(_ plans: [PartitionPlan], seed: UInt64) -> [CheckReport] {
        let executor = PlanExecutor<Float>(seed: seed)
        return plans.map { executor.check($0) }
    }
}
