import Foundation
import Testing
@testable import Reference

/// The partition-plan cross-check: every placement passes for MHA, GQA, MQA and MoE stages;
/// mutated plans (dropped tile, double-counted partial sum, wrong softmax merge, FLOP/byte
/// mismatches, wrong charges, malformed regions) are caught with the broken rule named.
@Suite struct PlanExecutorTests {
    static let mha = AttentionDecodeOperation(shape: AttentionShape(queryHeads: 4, kvHeads: 4, headDim: 16), contextLengths: [37, 64, 5])
    static let gqa = AttentionDecodeOperation(shape: AttentionShape(queryHeads: 8, kvHeads: 2, headDim: 16), contextLengths: [50, 129, 7, 80])
    static let mqa = AttentionDecodeOperation(shape: AttentionShape(queryHeads: 4, kvHeads: 1, headDim: 8), contextLengths: [20, 33])
    static let prefillGQA = AttentionPrefillOperation(shape: AttentionShape(queryHeads: 4, kvHeads: 2, headDim: 8), promptLengths: [12, 20])
    static let prefillMHA = AttentionPrefillOperation(shape: AttentionShape(queryHeads: 2, kvHeads: 2, headDim: 8), promptLengths: [9])
    static let mixtral = MoEOperation(hidden: 32, ffn: 40, experts: 8, activation: .swiglu, renormalise: true,
                                      routing: TestPlans.routing(tokens: 10, experts: 8, topK: 2, seed: 41))
    static let glam = MoEOperation(hidden: 24, ffn: 32, experts: 8, activation: .gelu, renormalise: false,
                                   routing: TestPlans.routing(tokens: 6, experts: 8, topK: 2, seed: 42))
    static let fc = GEMMOperation(m: 6, k: 40, n: 24)

    static var placements: [PartitionPlan] {
        var plans: [PartitionPlan] = []
        for op in [mha, gqa, mqa] {
            plans += [TestPlans.decodeGPU(op), TestPlans.decodeDuplex(op),
                      TestPlans.decodeKeySplit(op, chunk: 32, unit: .logicPIM),
                      TestPlans.decodeKeySplit(op, chunk: 16, unit: .bankPIM),
                      TestPlans.decodeKeySplit(op, chunk: 8, unit: .bankGroupPIM)]
        }
        for op in [prefillGQA, prefillMHA] {
            plans += [TestPlans.prefillTiled(op, rowTile: 100, keyTile: nil), TestPlans.prefillTiled(op, rowTile: 8, keyTile: nil),
                      TestPlans.prefillTiled(op, rowTile: 8, keyTile: 4)]
        }
        for op in [mixtral, glam] {
            plans += [TestPlans.moeGPU(op), TestPlans.moeColumnSplit(op, parts: 5, unit: .logicPIM, name: "duplex"),
                      TestPlans.moeCoProcessing(op, pimCount: 4),
                      TestPlans.moeColumnSplit(op, parts: 4, unit: .xpu, name: "duplex+pe+et"),
                      TestPlans.moeColumnSplit(op, parts: 16, unit: .bankPIM, name: "bank-pim")]
        }
        plans += [TestPlans.gemmSplit(fc, columnParts: 1, innerParts: 1), TestPlans.gemmSplit(fc, columnParts: 5, innerParts: 1),
                  TestPlans.gemmSplit(fc, columnParts: 3, innerParts: 4),
                  TestPlans.gemmSplit(fc, rowParts: 2, columnParts: 2, innerParts: 2)]
        return plans
    }

    func describe(_ report: CheckReport) -> String {
        report.mismatches.prefix(4).map { "\($0.rule.rawValue): \($0.detail)" }.joined(separator: "; ")
    }

    @Test func everyPlacementPassesInFloatWithFP16Storage() {
        let seed: UInt64 = 2024
        var worst = 0.0
        for plan in Self.placements {
            let report = PlanExecutor<Float>(seed: seed).check(plan)
            #expect(report.passed, "seed \(seed) \(plan.operatorName) (\(plan.operation.kind)): \(describe(report))")
            #expect(report.computed == plan.expected && report.elementsCompared > 0)
            worst = max(worst, report.maxErrorToTolerance)
        }
        print("MEASURED plan cross-check Float32+FP16: \(Self.placements.count) plans, max |split - unsplit| / tolerance = \(worst)")
    }

    @Test(arguments: [UInt64(1), 99])
    func placementsPassInDoubleAcrossSeeds(seed: UInt64) {
        for plan in Self.placements {
            var exact = plan
            exact.storage = .fp64
            exact.expected = PlanExecutorTests.scaled(plan.expected, by: 4)   // 8-byte elements
            let report = PlanExecutor<Double>(seed: seed).check(exact)
            #expect(report.passed, "seed \(seed) \(plan.operatorName): \(describe(report))")
        }
    }

    static func scaled(_ cost: OperatorCost, by factor: Int64) -> OperatorCost {
        let b = cost.bytes
        return OperatorCost(flops: cost.flops, bytes: ByteTraffic(
            weights: b.weights * factor, kvCache: b.kvCache * factor, activationsIn: b.activationsIn * factor,
            outputs: b.outputs * factor, partials: b.partials * factor))
    }

    @Test func aDroppedTileIsCaught() {
        for plan in [TestPlans.decodeDuplex(Self.gqa), TestPlans.decodeKeySplit(Self.mha, chunk: 16, unit: .bankPIM),
                     TestPlans.moeColumnSplit(Self.mixtral, parts: 5, unit: .logicPIM, name: "duplex"),
                     TestPlans.prefillTiled(Self.prefillGQA, rowTile: 8, keyTile: 4),
                     TestPlans.gemmSplit(Self.fc, columnParts: 3, innerParts: 4)] {
            var broken = plan
            let dropped = broken.fragments.remove(at: 2)
            var report = PlanExecutor<Float>(seed: 5).check(broken)
            #expect(!report.passed)
            #expect(report.brokenRules.isSuperset(of: [.uncovered, .numerical, .flops]), "\(plan.operatorName): \(report.brokenRules)")
            // Even with the accounting adjusted to the smaller plan, the numbers catch it.
            let cost = plan.operation.cost(of: dropped.region, storage: plan.storage)
            broken.expected = OperatorCost(flops: plan.expected.flops - cost.flops, bytes: ByteTraffic(
                weights: plan.expected.bytes.weights - cost.bytes.weights, kvCache: plan.expected.bytes.kvCache - cost.bytes.kvCache,
                activationsIn: plan.expected.bytes.activationsIn - cost.bytes.activationsIn,
                outputs: plan.expected.bytes.outputs - cost.bytes.outputs, partials: plan.expected.bytes.partials - cost.bytes.partials))
            report = PlanExecutor<Float>(seed: 5).check(broken)
            #expect(report.brokenRules == [.uncovered, .numerical], "\(plan.operatorName): \(report.brokenRules)")
            let numerical = report.mismatches.first { $0.rule == .numerical }!
            #expect(numerical.operatorName == plan.operatorName && numerical.element != nil
                    && abs(numerical.actual - numerical.expected) > numerical.tolerance)
        }
    }

    @Test func aDoubleCountedPartialSumIsCaught() {
        for plan in [TestPlans.moeColumnSplit(Self.mixtral, parts: 5, unit: .logicPIM, name: "duplex"),
                     TestPlans.moeCoProcessing(Self.glam, pimCount: 4),
                     TestPlans.gemmSplit(Self.fc, columnParts: 1, innerParts: 4)] {
            var broken = plan
            broken.fragments.append(plan.fragments[1])
            let report = PlanExecutor<Float>(seed: 6).check(broken)
            #expect(report.brokenRules.isSuperset(of: [.overlap, .numerical, .flops]), "\(plan.operatorName): \(report.brokenRules)")
            // The report names the fragment written twice: 1 and its copy.
            let duplicate = broken.fragments.count - 1
            #expect(report.mismatches.contains { $0.rule == .overlap && $0.contributors.contains(1) && $0.contributors.contains(duplicate) })
            #expect(report.mismatches.contains { $0.rule == .numerical && $0.contributors.contains(duplicate) })
        }
    }

    @Test func aWrongSoftmaxMergeIsCaughtByTheNumbersAlone() throws {
        // Summing partials without rescaling by e^(m_x - m), or keeping only the last partial:
        // the accounting and coverage are unchanged, only the numbers reveal the bug.
        for plan in [TestPlans.decodeKeySplit(Self.gqa, chunk: 32, unit: .logicPIM),
                     TestPlans.prefillTiled(Self.prefillMHA, rowTile: 8, keyTile: 4)] {
            var broken = plan
            broken.merge = .sumPartials
            let report = PlanExecutor<Float>(seed: 7).check(broken)
            #expect(report.brokenRules == [.numerical], "\(plan.operatorName): \(report.brokenRules)")
            #expect(report.maxErrorToTolerance > 10)
            // Many elements break: the first `mismatchLimit` are listed, the rest counted.
            #expect(report.mismatches.count == 16 && (report.suppressed[.numerical] ?? 0) > 0)
            let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
            #expect(json.contains("\"suppressed\":{\"numerical\":"))
            broken.merge = .concatenate
            #expect(PlanExecutor<Float>(seed: 7).check(broken).brokenRules == [.numerical])
        }
        var gemm = TestPlans.gemmSplit(Self.fc, columnParts: 2, innerParts: 1)
        gemm.merge = .onlineSoftmax
        #expect(PlanExecutor<Float>(seed: 7).check(gemm).brokenRules == [.mergeRule])
        var moe = TestPlans.moeColumnSplit(Self.glam, parts: 3, unit: .logicPIM, name: "duplex")
        moe.merge = .concatenate    // partial sums overwritten instead of added
        #expect(PlanExecutor<Float>(seed: 7).check(moe).brokenRules == [.numerical])
    }

    @Test func accountingMismatchesAreCaughtExactly() {
        let plan = TestPlans.decodeDuplex(Self.gqa)
        var flops = plan
        flops.expected.flops += 1
        let report = PlanExecutor<Float>(seed: 8).check(flops)
        #expect(report.brokenRules == [.flops])
        let m = report.mismatches[0]
        #expect(m.expected == Double(plan.expected.flops + 1) && m.actual == Double(plan.expected.flops) && m.tolerance == 0)
        var bytes = plan
        bytes.expected.bytes.kvCache -= 2
        #expect(PlanExecutor<Float>(seed: 8).check(bytes).brokenRules == [.bytes])
        var charged = plan
        let truth = plan.operation.cost(of: plan.fragments[3].region, storage: plan.storage)
        charged.fragments[3].charged = truth
        #expect(PlanExecutor<Float>(seed: 8).check(charged).passed)
        charged.fragments[3].charged = OperatorCost(flops: truth.flops, bytes: ByteTraffic(kvCache: truth.bytes.kvCache))
        let chargedReport = PlanExecutor<Float>(seed: 8).check(charged)
        #expect(chargedReport.brokenRules == [.charged] && chargedReport.mismatches[0].fragment == 3)
    }

    @Test func malformedPlansAreReportedNotTrapped() {
        var plan = TestPlans.decodeDuplex(Self.mha)
        plan.fragments[0].region.kvHeads = 3..<9
        plan.fragments[1].region.columns = 0..<4
        let report = PlanExecutor<Float>(seed: 9).check(plan)
        #expect(report.mismatches.filter { $0.rule == .invalidRegion }.map(\.fragment) == [0, 1])
        #expect(report.brokenRules.contains(.uncovered))
        var moe = TestPlans.moeGPU(Self.mixtral)
        if case .moe(var op) = moe.operation {
            op.routing[0] = [1, 1]
            moe.operation = .moe(op)
        }
        #expect(PlanExecutor<Float>(seed: 9).check(moe).brokenRules == [.invalidOperation])
    }

    /// Random splits (seeded): any tiling of the keys or FFN columns passes; shifting one
    /// boundary of one fragment (a gap and an overlap) fails.
    @Test(arguments: UInt64(0)..<6)
    func randomTilingsPassAndShiftedBoundariesFail(seed: UInt64) {
        var rng = SeededGenerator(seed: 500 + seed)
        func cuts(_ n: Int, _ parts: Int) -> [Range<Int>] {
            var points = Set<Int>()
            while points.count < parts - 1 { points.insert(1 + Int(rng.next() % UInt64(n - 1))) }
            let sorted = [0] + points.sorted() + [n]
            return zip(sorted, sorted.dropFirst()).map { $0..<$1 }
        }
        var decode = TestPlans.decodeKeySplit(Self.gqa, chunk: 1000, unit: .logicPIM)
        decode.fragments = []
        var chunkCounts: [Int] = []
        for (r, length) in Self.gqa.contextLengths.enumerated() {
            let parts = 1 + Int(rng.next() % UInt64(min(length, 6)))
            chunkCounts.append(parts)
            for kv in 0..<Self.gqa.shape.kvHeads {
                for keys in cuts(length, parts).shuffled(using: &rng) {
                    decode.fragments.append(PlanFragment(unit: .logicPIM, stack: Int(rng.next() % 5), region: FragmentRegion(
                        requests: r..<r + 1, kvHeads: kv..<kv + 1, keyTokens: keys)))
                }
            }
        }
        decode.expected = TestPlans.decodeCost(Self.gqa) { chunkCounts[$0] }
        var moe = TestPlans.moeColumnSplit(Self.mixtral, parts: 1, unit: .logicPIM, name: "random")
        let parts = 2 + Int(rng.next() % 6)
        moe.fragments = cuts(Self.mixtral.ffn, parts).shuffled(using: &rng).enumerated().map {
            PlanFragment(unit: .logicPIM, stack: $0.offset, region: FragmentRegion(columns: $0.element))
        }
        moe.expected = TestPlans.moeCost(Self.mixtral, whole: [], split: Array(0..<Self.mixtral.experts), parts: parts)
        for plan in [decode, moe] {
            let report = PlanExecutor<Float>(seed: seed).check(plan)
            #expect(report.passed, "seed \(seed) \(plan.operatorName): \(describe(report))")
            // Shift the end of the first multi-element range by one.
            var broken = plan
            guard let i = broken.fragments.firstIndex(where: { ($0.region.keyTokens ?? $0.region.columns ?? 0..<0).count > 1 }) else { continue }
            if let keys = broken.fragments[i].region.keyTokens {
                broken.fragments[i].region.keyTokens = keys.lowerBound..<keys.upperBound - 1
            } else if let cols = broken.fragments[i].region.columns {
                broken.fragments[i].region.columns = cols.lowerBound..<cols.upperBound - 1
            }
            #expect(PlanExecutor<Float>(seed: seed).check(broken).brokenRules.contains(.uncovered), "seed \(seed)")
        }
    }

    @Test func plansRoundTripThroughJSONAndChecksAreDeterministic() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for plan in [TestPlans.decodeKeySplit(Self.mqa, chunk: 16, unit: .bankPIM), TestPlans.moeCoProcessing(Self.mixtral, pimCount: 3),
                     TestPlans.gemmSplit(Self.fc, columnParts: 3, innerParts: 2)] {
            let data = try encoder.encode(plan)
            let decoded = try JSONDecoder().decode(PartitionPlan.self, from: data)
            #expect(decoded == plan)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("\"kind\":\"\(plan.operation.kind)\"") && text.contains("\"merge\":\"\(plan.merge.rawValue)\""))
            #expect(PlanExecutor<Float>(seed: 12).check(decoded) == PlanExecutor<Float>(seed: 12).check(plan))
        }
        let bad = Data(#"{"kind":"conv","parameters":{}}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PlannedOperation.self, from: bad) }
    }
}
