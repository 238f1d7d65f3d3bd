/// How one model replica is split over devices (DeepSpeed-MoE style, as in the Duplex paper):
/// tensor parallelism for the non-expert layers, expert parallelism for the experts, and tensor
/// parallelism inside an expert when there are more devices than experts. Data parallelism across
/// replicas is outside the IR: it describes the stage of one replica.
public struct ParallelismPlan: Hashable, Sendable, Codable {
    /// Devices sharing attention heads, the QKV/output projections, dense FFNs and the LM head.
    public var tensorParallel: Int
    /// Expert-parallel ranks; expert e lives on rank e / (experts / expertParallel).
    public var expertParallel: Int
    /// Devices each expert's FFN columns are split over.
    public var expertTensorParallel: Int

    public init(tensorParallel: Int = 1, expertParallel: Int = 1, expertTensorParallel: Int = 1) {
        self.tensorParallel = tensorParallel
        self.expertParallel = expertParallel
        self.expertTensorParallel = expertTensorParallel
    }

    enum CodingKeys: String, CodingKey {
        case tensorParallel = "tp", expertParallel = "ep", expertTensorParallel = "expert_tp"
    }

    public static let single = ParallelismPlan()

    /// The expert-parallel rank that holds `expert` of `experts`: contiguous blocks of
    /// experts / expertParallel experts per rank.
    public func expertRank(of expert: Int, experts: Int) -> Int {
        precondition((0..<experts).contains(expert), "expert \(expert) of \(experts)")
        return expert / expertsPerRank(of: experts)
    }

    /// The experts each expert-parallel rank holds (`expertRank`): experts / expertParallel.
    public func expertsPerRank(of experts: Int) -> Int {
        precondition(expertParallel >= 1 && experts % expertParallel == 0, "\(experts) experts over \(expertParallel) expert-parallel ranks")
        return experts / expertParallel
    }

    /// The plan the Duplex paper's GPU baseline uses (DeepSpeed-MoE) for `devices` devices with
    /// `devicesPerNode` per node: TP inside a node for non-expert layers (data parallel across
    /// nodes), EP over min(devices, experts) ranks, expert TP over the remaining factor.
    public static func deepSpeedMoE(devices: Int, devicesPerNode: Int, model: ModelConfig) -> ParallelismPlan {
        precondition(devices >= 1 && devicesPerNode >= 1, "at least one device per node")
        let tp = min(devices, devicesPerNode)
        guard model.isMoE else { return ParallelismPlan(tensorParallel: tp) }
        let ep = min(devices, model.experts)
        return ParallelismPlan(tensorParallel: tp, expertParallel: ep, expertTensorParallel: max(1, devices / ep))
    }

    /// Every way this plan does not fit `model` (sizes must split evenly), empty when it fits.
    public func problems(for model: ModelConfig, source: String) -> [InputProblem] {
        var found: [InputProblem] = []
        func fail(_ field: String, _ reason: String) { found.append(InputProblem(source: source, field: field, reason: reason)) }
        for (field, value) in [("tp", tensorParallel), ("ep", expertParallel), ("expert_tp", expertTensorParallel)] where value < 1 {
            fail(field, "must be positive, got \(value)")
        }
        guard found.isEmpty else { return found }
        let tp = tensorParallel
        if model.kvHeads % tp != 0 { fail("tp", "\(model.kvHeads) KV heads of \(model.name) do not split over \(tp) devices") }
        if model.hidden % tp != 0 { fail("tp", "hidden \(model.hidden) of \(model.name) does not split over \(tp) devices") }
        if model.ffn % tp != 0 { fail("tp", "ffn \(model.ffn) of \(model.name) does not split over \(tp) devices") }
        if model.vocab % tp != 0 { fail("tp", "vocab \(model.vocab) of \(model.name) does not split over \(tp) devices") }
        if model.isMoE {
            if model.experts % expertParallel != 0 {
                fail("ep", "\(model.experts) experts of \(model.name) do not split over \(expertParallel) ranks")
            }
            // All-to-all: each rank sends T*k*hidden/ep elements, 1/ep of them to each rank.
            if model.hidden % (expertParallel * expertParallel) != 0 {
                fail("ep", "hidden \(model.hidden) is not a multiple of ep^2 = \(expertParallel * expertParallel), needed for the balanced all-to-all")
            }
            if model.ffn % expertTensorParallel != 0 {
                fail("expert_tp", "ffn \(model.ffn) of \(model.name) does not split over \(expertTensorParallel) devices")
            }
            if model.hidden % expertTensorParallel != 0 { fail("expert_tp", "hidden \(model.hidden) does not split over \(expertTensorParallel) devices") }
        } else {
            if expertParallel != 1 { fail("ep", "must be 1 for the dense model \(model.name), got \(expertParallel)") }
            if expertTensorParallel != 1 { fail("expert_tp", "must be 1 for the dense model \(model.name), got \(expertTensorParallel)") }
        }
        return found
    }
}
