import Testing
@testable import Workloads

/// The builder copies per-stage templates and shares dependency arrays; these check that every
/// operator still equals one built from scratch with the public initialiser, that dependencies
/// have the documented structure, and that the shared arrays really are shared.
@Suite struct OperatorGraphSharingTests {
    static let stages = [
        Stage(index: 4, requests: [.prefill(id: 7, tokens: 33), .decode(id: 2, context: 90), .decode(id: 9, context: 12)]),
        Stage(index: 5, requests: (0..<6).map { .decode(id: 10 + $0, context: 100 + 3 * $0) }),
    ]

    @Test(arguments: ["mixtral-8x7b", "glam-143b", "tiny-moe", "tiny-dense"])
    func everyOperatorEqualsOneBuiltFromScratch(name: String) throws {
        let model = Fixtures.model(name)
        let plan = Fixtures.paperPlan(model)
        for stage in Self.stages {
            let ops = try OperatorGraphBuilder(model: model, plan: plan).operators(for: stage, router: ZipfRouter(exponent: 0.7, seed: 5), firstID: 3)
            for (offset, op) in ops.enumerated() {
                #expect(op.id == 3 + offset)
                #expect(op.stage == stage.index)
                let fresh = Operator(id: op.id, stage: op.stage, layer: op.layer, kind: op.kind, dtype: op.dtype, shards: op.shards,
                                     request: op.request, expert: op.expert, shape: op.shape, dependencies: op.dependencies)
                #expect(fresh == op, "\(name) operator \(op.id) \(op.kind)")
                #expect(op.dependencies.allSatisfy { $0 < op.id })
            }
        }
    }

    @Test func expertsMatchTheRoutingAndAttentionFollowsTheRequests() throws {
        let model = Fixtures.model("mixtral-8x7b")
        let plan = Fixtures.paperPlan(model)
        let stage = Self.stages[1]
        let router = UniformRouter(seed: 9)
        let ops = try OperatorGraphBuilder(model: model, plan: plan).operators(for: stage, router: router)
        for layer in 0..<model.layers {
            let inLayer = ops.filter { $0.layer == layer }
            let qkv = inLayer.first { $0.kind == .qkvProjection }!
            let attention = inLayer.filter { $0.kind == .attention }
            #expect(attention.map(\.request) == stage.requests.map(\.id))
            for (op, request) in zip(attention, stage.requests) {
                #expect(op.dependencies == [qkv.id])
                guard case .attention(let shape) = op.shape else { Issue.record("attention shape"); continue }
                #expect(shape.cachedTokens == request.cachedTokens && shape.newTokens == request.newTokens)
            }
            let counts = router.route(stage: stage.index, layer: layer, tokens: stage.tokens, experts: model.experts, topK: model.topK).tokenCounts
            let experts = inLayer.filter { $0.kind == .expertFFN }
            #expect(experts.map(\.expert!) == counts.indices.filter { counts[$0] > 0 })
            for op in experts {
                guard case .ffn(let shape) = op.shape else { Issue.record("expert shape"); continue }
                #expect(shape.tokens == counts[op.expert!])
            }
        }
    }

    @Test func operatorsWithTheSameDependenciesShareOneArray() throws {
        let model = Fixtures.model("mixtral-8x7b")
        let ops = try OperatorGraphBuilder(model: model, plan: Fixtures.paperPlan(model))
            .operators(for: Self.stages[1], router: UniformRouter(seed: 1))
        let attention = ops.filter { $0.kind == .attention && $0.layer == 3 }
        let experts = ops.filter { $0.kind == .expertFFN && $0.layer == 3 }
        #expect(attention.count == 6 && experts.count >= 2)
        for group in [attention, experts] {
            let storage = Set(group.map { $0.dependencies.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } })
            #expect(storage.count == 1)
        }
    }
}
