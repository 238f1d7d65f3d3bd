import Foundation
import Hardware
import Units
import Workloads

/// A model deployed on a system under a placement policy: the parallel layout and the KV-cache
/// capacity it leaves.
///
/// Parallelism (reference, DeepSpeed-MoE): tensor parallel for non-expert layers inside a node
/// (TP = devices per node, capped by the device count), data parallel across nodes (DP = devices
/// / TP), expert parallel over min(devices, experts) ranks with tensor-parallel experts over the
/// remaining factor; with +ET every expert is tensor-parallel over a node (expert TP = devices per
/// node) and expert parallelism runs only across nodes (EP = nodes).
///
/// The operator IR describes one replica's stage; with DP > 1 it approximates the stage as one
/// TP group processing every request (docs/workloads.md). KV capacity counts all DP replicas.
public struct ServingDeployment: Sendable {
    public let model: ModelConfig
    public let system: SystemConfig
    public let policy: PlacementPolicy
    public let plan: ParallelismPlan
    /// Replicas of the non-expert layers (nodes, for TP = a node).
    public let dataParallel: Int
    public let footprint: ModelFootprint
    /// HBM of one device.
    public let deviceMemory: ByteCount
    public let weightsPerDevice: ByteCount
    /// Tokens of KV cache the whole system holds next to the weights.
    public let kvCapacityTokens: Int

    /// The system's memory-side processor unit; nil on a plain GPU.
    public var memoryProcessor: ExecutionUnit? { ExecutionUnit(memoryProcessor: system.device.memoryProcessor.kind) }

    /// Builds the deployment; `source` names the scenario in errors. Fails when the policy needs a
    /// memory-side processor the system lacks, the plan does not split the model, or the weights
    /// alone do not fit a device.
    public init(model: ModelConfig, system: SystemConfig, policy: PlacementPolicy, source: String) throws(WorkloadInputError) {
        var problems: [InputProblem] = []
        if let needed = policy.requiredProcessor, system.device.memoryProcessor.kind != needed {
            problems.append(InputProblem(source: source, field: "placement",
                reason: "\"\(policy.rawValue)\" needs a \(needed.rawValue) system, but \(system.name) has memory processor \"\(system.device.memoryProcessor.kind.rawValue)\""))
        }
        let devices = system.deviceCount, perNode = system.devicesPerNode.value
        var plan = ParallelismPlan.deepSpeedMoE(devices: devices, devicesPerNode: perNode, model: model)
        if policy.tensorParallelExperts && model.isMoE {
            plan.expertParallel = system.nodes.value
            plan.expertTensorParallel = perNode
        }
        problems += plan.problems(for: model, source: source).map {
            InputProblem(source: $0.source, field: "parallelism.\($0.field)", reason: $0.reason + " (\(devices) devices of \(system.name))")
        }
        let footprint = ModelFootprint(model: model)
        let memory = system.device.xpu.hbmCapacity
        let weights = footprint.weightsPerDevice(plan)
        if weights >= memory {
            problems.append(InputProblem(source: source, field: "system",
                reason: "\(system.name) cannot hold the weights of \(model.name): "
                    + String(format: "%.1f GiB", Double(weights.bytes) / Double(1 << 30))
                    + " per device over \(devices) device\(devices == 1 ? "" : "s"), each with \(memory) of HBM"))
        }
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        self.model = model
        self.system = system
        self.policy = policy
        self.plan = plan
        self.dataParallel = devices / plan.tensorParallel
        self.footprint = footprint
        self.deviceMemory = memory
        self.weightsPerDevice = weights
        let perDevice = footprint.kvPerTokenPerDevice(plan)
        self.kvCapacityTokens = Int((memory - weights).bytes / perDevice.bytes) * (devices / plan.tensorParallel)
    }

    /// The batch the KV cache allows when every request reserves `reservedTokens` (Lin + Lout),
    /// capped at `maxBatch`.
    public func batchLimit(maxBatch: Int, reservedTokens: Int) -> BatchLimit {
        precondition(maxBatch >= 1 && reservedTokens >= 1, "batch \(maxBatch), reservation \(reservedTokens)")
        let fits = kvCapacityTokens / reservedTokens
        return BatchLimit(requested: maxBatch, effective: min(maxBatch, fits), kvCapacityTokens: kvCapacityTokens,
                          reservedTokensPerRequest: reservedTokens)
    }
}
