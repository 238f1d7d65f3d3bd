/// Op/B per operator class, derived from the operator IR (never from a closed form).
///
/// For each of `samples` stages (stage indices 0..<samples, so MoE layers see independent
/// routing), the stage's operators are built and summed per class over all shards; per-layer
/// averages divide by the layer instances the class occurs in. Classes that do not occur (e.g.
/// `moe` in a dense model, `communication` with one device) are omitted.
public struct OpBAnalysis: Sendable {
    public var builder: OperatorGraphBuilder
    public var router: any ExpertRouter
    public var samples: Int

    public init(builder: OperatorGraphBuilder, router: any ExpertRouter, samples: Int) {
        precondition(samples >= 1, "at least one sampled stage")
        self.builder = builder
        self.router = router
        self.samples = samples
    }

    /// Rows for `phase` at each scenario, in scenario then class order.
    public func rows(phase: OpBPhase, scenario: BatchScenario, device: RooflineDevice) throws(WorkloadInputError) -> [OpBRow] {
        var flops: [OperatorClass: Int64] = [:]
        var bytes: [OperatorClass: Int64] = [:]
        var layers: [OperatorClass: Set<LayerInstance>] = [:]
        for index in 0..<samples {
            let stage = phase == .decode ? scenario.decodeStage(index: index) : scenario.mixedStage(index: index)
            for op in try builder.operators(for: stage, router: router) {
                let total = op.totalCost
                flops[op.opClass, default: 0] += total.flops.flops
                bytes[op.opClass, default: 0] += total.memory.total.bytes
                layers[op.opClass, default: []].insert(LayerInstance(stage: op.stage, layer: op.layer))
            }
        }
        return OperatorClass.allCases.compactMap { opClass in
            guard let layerSet = layers[opClass] else { return nil }
            return OpBRow(model: builder.model.name, phase: phase, batch: scenario.batch, inputLength: scenario.inputLength,
                          opClass: opClass, totalFLOPs: flops[opClass]!, totalBytes: bytes[opClass]!,
                          layerInstances: layerSet.count, ridgePoint: device.ridgePoint)
        }
    }

    struct LayerInstance: Hashable { var stage: Int; var layer: Int? }
}
