import Foundation
import Testing
@testable import Workloads

@Suite struct RoutingTests {
    static let seeds: [UInt64] = [1, 42, 0xDEAD_BEEF]

    @Test(arguments: seeds)
    func uniformIsDeterministicPerSeedAndCallOrder(seed: UInt64) {
        let a = UniformRouter(seed: seed), b = UniformRouter(seed: seed)
        let first = a.route(stage: 5, layer: 3, tokens: 100, experts: 8, topK: 2)
        _ = b.route(stage: 0, layer: 0, tokens: 7, experts: 8, topK: 2)  // a different call in between
        #expect(b.route(stage: 5, layer: 3, tokens: 100, experts: 8, topK: 2) == first, "seed \(seed)")
        #expect(a.route(stage: 5, layer: 4, tokens: 100, experts: 8, topK: 2) != first, "seed \(seed)")
        #expect(UniformRouter(seed: seed &+ 1).route(stage: 5, layer: 3, tokens: 100, experts: 8, topK: 2) != first, "seed \(seed)")
        for token in 0..<first.tokens { #expect(Set(first.experts(ofToken: token)).count == 2, "seed \(seed)") }
    }

    @Test(arguments: seeds)
    func uniformSpreadsEvenly(seed: UInt64) {
        // 20000 tokens x top-2 over 8 experts: each expert expects 5000, sd ~ sqrt(5000 * 7/8) ~ 66.
        let counts = UniformRouter(seed: seed).route(stage: 0, layer: 0, tokens: 20000, experts: 8, topK: 2).tokenCounts
        #expect(counts.reduce(0, +) == 40000)
        for count in counts { #expect(abs(count - 5000) < 400, "seed \(seed): \(counts)") }
    }

    @Test(arguments: seeds)
    func zipfWithTopOneFollowsZipfsLaw(seed: UInt64) {
        let s = 1.2, experts = 8, tokens = 40000
        let router = ZipfRouter(exponent: s, seed: seed)
        let weights = router.weights(layer: 2, experts: experts)
        let total = weights.reduce(0, +)
        let counts = router.route(stage: 1, layer: 2, tokens: tokens, experts: experts, topK: 1).tokenCounts
        for expert in 0..<experts {
            let p = weights[expert] / total
            let sd = (Double(tokens) * p * (1 - p)).squareRoot()
            #expect(abs(Double(counts[expert]) - Double(tokens) * p) < 5 * sd + 1, "seed \(seed) expert \(expert): \(counts[expert]) vs \(Double(tokens) * p)")
        }
        // Rank 1 over rank 2 is 2^1.2 = 2.30 in expectation.
        let sorted = counts.sorted(by: >)
        let ratio = Double(sorted[0]) / Double(sorted[1])
        #expect(abs(ratio - pow(2, s)) < 0.15, "seed \(seed): ratio \(ratio)")
    }

    @Test(arguments: seeds)
    func zipfSkewsTopTwoAndZeroExponentIsUniform(seed: UInt64) {
        let skewed = ZipfRouter(exponent: 1.2, seed: seed).route(stage: 0, layer: 0, tokens: 10000, experts: 64, topK: 2)
        let uniform = ZipfRouter(exponent: 0, seed: seed).route(stage: 0, layer: 0, tokens: 10000, experts: 64, topK: 2)
        let hottest = skewed.tokenCounts.max()!, flat = uniform.tokenCounts.max()!
        // Top-2 without replacement caps a token's share of one expert at 1/2: the hottest expert
        // gets most tokens (>= 40%); uniform top-2 of 64 gives ~312 per expert.
        #expect(hottest > 4000, "seed \(seed): hottest \(hottest)")
        #expect(flat < 420, "seed \(seed): flat max \(flat)")
        for token in 0..<skewed.tokens { #expect(Set(skewed.experts(ofToken: token)).count == 2) }
        #expect(ZipfRouter(exponent: 1.2, seed: seed).route(stage: 0, layer: 0, tokens: 10000, experts: 64, topK: 2) == skewed)
    }

    @Test func replayRoutesExactlyAsRecorded() throws {
        let csv = "stage,layer,token,experts\n0,1,0,3 1\n0,1,1,0 2\n0,1,2,3 2\n"
        let router = try ReplayRouter(csv: csv, source: "r.csv")
        let decision = try router.route(stage: 0, layer: 1, tokens: 3, experts: 4, topK: 2)
        #expect(decision.choices == [3, 1, 0, 2, 3, 2])
        #expect(decision.tokenCounts == [1, 1, 2, 2])
    }

    @Test func replayRejectsBadRowsWithLineAndField() {
        let cases: [(String, String, String)] = [
            ("stage,layer,tok,experts\n", "r.csv:1", ""),
            ("stage,layer,token,experts\n0,1,0,3 1\n0,x,1,2 0\n", "r.csv:3", "layer"),
            ("stage,layer,token,experts\n0,1,0,3 3\n", "r.csv:2", "experts"),
            ("stage,layer,token,experts\n0,1,0,3 1\n0,1,0,2 0\n", "r.csv:3", "token"),
            ("stage,layer,token,experts\n0,1,0\n", "r.csv:2", ""),
        ]
        for (csv, source, field) in cases {
            do {
                _ = try ReplayRouter(csv: csv, source: "r.csv")
                Issue.record("accepted \(csv)")
            } catch {
                #expect(error.problems.first?.source == source, "\(error)")
                #expect(error.problems.first?.field == field, "\(error)")
            }
        }
    }

    @Test func replayRejectsRoutingThatDoesNotFitTheStage() throws {
        let router = try ReplayRouter(csv: "stage,layer,token,experts\n0,1,0,3 1\n0,1,1,9 2\n", source: "r.csv")
        #expect(throws: WorkloadInputError.self) { try router.route(stage: 0, layer: 3, tokens: 2, experts: 4, topK: 2) }  // no such layer
        #expect(throws: WorkloadInputError.self) { try router.route(stage: 0, layer: 1, tokens: 3, experts: 4, topK: 2) }  // token count
        do {
            _ = try router.route(stage: 0, layer: 1, tokens: 2, experts: 4, topK: 2)
            Issue.record("accepted expert 9 of 4")
        } catch {
            #expect(error.problems.first?.source == "r.csv:3")
            #expect(error.description.contains("expert 9 does not exist"))
        }
        #expect(throws: WorkloadInputError.self) { try router.route(stage: 0, layer: 1, tokens: 2, experts: 10, topK: 1) }  // top-k
    }

    @Test func policyParsing() throws {
        #expect(try RoutingPolicy(parsing: "uniform") == .uniform)
        #expect(try RoutingPolicy(parsing: "zipf:1.2") == .zipf(exponent: 1.2))
        #expect(try RoutingPolicy(parsing: "traces/r.csv") == .replay(path: "traces/r.csv"))
        #expect(throws: WorkloadInputError.self) { try RoutingPolicy(parsing: "zipf:-1") }
        #expect(throws: WorkloadInputError.self) { try RoutingPolicy(parsing: "zipf:abc") }
    }
}

extension RoutingTests {
    /// Recording a run's routing and replaying it rebuilds identical operators.
    @Test(arguments: seeds)
    func recordedRoutingReplaysToIdenticalOperators(seed: UInt64) throws {
        let model = Fixtures.model("tiny-moe")
        let builder = OperatorGraphBuilder(model: model, plan: .single)
        let stages = BatchScenario(batch: 3, inputLength: 4, outputLength: 3).closedLoopStages(count: 3)
        let zipf = ZipfRouter(exponent: 1.2, seed: seed)
        var recorded: [(stage: Int, layer: Int, decision: RoutingDecision)] = []
        for stage in stages {
            for layer in 0..<model.layers where model.isMoELayer(layer) {
                recorded.append((stage.index, layer, zipf.route(stage: stage.index, layer: layer, tokens: stage.tokens,
                                                                experts: model.experts, topK: model.topK)))
            }
        }
        let replay = try ReplayRouter(csv: ReplayRouter.csv(recorded), source: "recorded.csv")
        for stage in stages {
            #expect(try builder.operators(for: stage, router: replay) == builder.operators(for: stage, router: zipf), "seed \(seed)")
        }
    }
}

/// `tokenCounts(...into:)` is the routing the builder uses; it must equal `route(...).tokenCounts`.
@Suite struct RoutingCountsTests {
    @Test(arguments: [(64, 8, 2), (1, 8, 2), (300, 64, 2), (5, 4, 4), (1000, 16, 1)])
    func uniformCountsEqualTheDecisionsCounts(tokens: Int, experts: Int, topK: Int) {
        var counts = [99, 98]  // stale contents must not leak
        for seed: UInt64 in [1, 3, 0xFEED] {
            for (stage, layer) in [(0, 0), (7, 31), (1234, 5)] {
                let router = UniformRouter(seed: seed)
                router.tokenCounts(stage: stage, layer: layer, tokens: tokens, experts: experts, topK: topK, into: &counts)
                #expect(counts == router.route(stage: stage, layer: layer, tokens: tokens, experts: experts, topK: topK).tokenCounts)
            }
        }
    }

    @Test func theDefaultGoesThroughRoute() throws {
        var counts: [Int] = []
        let zipf = ZipfRouter(exponent: 1.1, seed: 4)
        try zipf.tokenCounts(stage: 2, layer: 1, tokens: 50, experts: 8, topK: 2, into: &counts)
        #expect(counts == zipf.route(stage: 2, layer: 1, tokens: 50, experts: 8, topK: 2).tokenCounts)
        let replay = try ReplayRouter(csv: "stage,layer,token,experts\n0,1,0,0 3\n0,1,1,3 2\n0,1,2,2 3\n", source: "t.csv")
        try replay.tokenCounts(stage: 0, layer: 1, tokens: 3, experts: 4, topK: 2, into: &counts)
        #expect(counts == [1, 0, 2, 3])
    }
}
