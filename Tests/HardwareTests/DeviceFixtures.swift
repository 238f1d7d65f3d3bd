import Foundation
import Testing
import Units
import Workloads
@testable import Hardware

/// Systems, operators and replays shared by the device-model tests.
enum DeviceFixtures {
    /// The device models of the presets the tests use, built once (memory rates measured on
    /// the DRAM model).
    static let systems: [String: DeviceSystemModel] = {
        var built: [String: DeviceSystemModel] = [:]
        for name in ["h100", "duplex", "bank-pim", "bankgroup-pim"] {
            do {
                built[name] = try DeviceSystemModel.load(config: try preset(name), calibrationDirectory: calibrationDirectory)
            } catch {
                preconditionFailure("fixture system \(name): \(error)")
            }
        }
        return built
    }()

    /// The device model of a preset.
    static func system(_ name: String) throws -> DeviceSystemModel {
        try #require(systems[name], "no fixture system \(name)")
    }

    /// The same with the config's peak memory rates.
    static func peakSystem(_ name: String) throws -> DeviceSystemModel {
        try DeviceSystemModel.load(config: try preset(name), calibrationDirectory: calibrationDirectory, memoryRates: .peak)
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
