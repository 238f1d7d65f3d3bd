import Foundation
import Units
import Workloads
@testable import Hardware

/// Systems, operators and replays shared by the device-model tests.
enum DeviceFixtures {
    /// The device model of a preset (memory rates from `memoryModel`).
    static func system(_ name: String) throws -> DeviceSystemModel {
        let config = try preset(name)
        let xpu = try XPUPerformanceModel.load(xpu: config.device.xpu, calibrationDirectory: calibrationDirectory)
        return DeviceSystemModel(config: config, xpu: xpu, memory: try memoryModel(config))
    }

    static func memoryModel(_ config: SystemConfig) throws -> MemoryPathModel {
        MemoryPathModel.analytic(device: config.device, bundleSpaces: 4, rowBytes: .kib(1))
    }

    static func model(_ name: String) throws -> ModelConfig {
        try ModelCatalog(directory: repositoryRoot.appendingPathComponent(ModelCatalog.relativePath)).load(name)
    }

    /// One GEMM operator [m x k] x [k x n].
    static func gemm(m: Int, k: Int, n: Int, id: Int = 0, dtype: DType = .fp16) -> Operator {
        Operator(id: id, stage: 0, layer: 0, kind: .outputProjection, dtype: dtype, shards: 1,
                 shape: .gemm(GEMMShape(tokens: m, inFeatures: k, outFeatures: n)), dependencies: [])
    }

    /// One decode attention operator of `request`.
    static func decodeAttention(request: Int, context: Int, groupSize: Int = 4, kvHeads: Int = 8, headDim: Int = 128,
                                id: Int = 0) -> Operator {
        Operator(id: id, stage: 0, layer: 0, kind: .attention, dtype: .fp16, shards: 1, request: request,
                 shape: .attention(AttentionShape(newTokens: 1, cachedTokens: context - 1, groupSize: groupSize,
                                                  kvHeads: kvHeads, headDim: headDim, scores: .fused)), dependencies: [])
    }

    /// One expert FFN (SwiGLU) of `expert`.
    static func expert(_ expert: Int, tokens: Int, hidden: Int = 4096, ffn: Int = 14336, id: Int = 0) -> Operator {
        Operator(id: id, stage: 0, layer: 0, kind: .expertFFN, dtype: .fp16, shards: 1, expert: expert,
                 shape: .ffn(FFNShape(tokens: tokens, hidden: hidden, ffn: ffn, kind: .swiglu, intermediates: .onChip)),
                 dependencies: [])
    }

    /// Replays `operators` on one device's worth of a preset with everything on `target`.
    static func replay(_ operators: [Operator], on system: DeviceSystemModel, target: PlacementTarget,
                       experts: Int = 8) throws -> ReplayResult {
        try TraceReplayer(system: system, placement: .all(on: target), plan: .single, experts: experts).run(operators)
    }
}
