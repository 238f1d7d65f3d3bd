import Foundation
import SimKernel
import Testing
import Units
import Workloads
@testable import Hardware

/// Segment memoisation is exact: replays that copy repeated segments (and sessions that keep
/// their workspace and memo across replays) give the same records, record for record, as
/// replays that simulate every stage whole on a fresh workspace.
@Suite("Segment memoisation")
struct SegmentMemoTests {
    /// Replays `operators` with memoisation off on a fresh workspace: the reference.
    static func plain(_ replayer: TraceReplayer, _ operators: [Operator], targets: [PlacementTarget] = []) throws -> ReplayResult {
        var reference = replayer
        reference.memoisesSegments = false
        return try reference.run(operators, targets: targets, in: ReplaySession(system: replayer.system))
    }

    /// Expects equal records (id, unit, start, end, bytes, FLOPs, energy...), stage ends, and
    /// executed + copied events and bookings equal to the reference's.
    static func expectSame(_ memo: ReplayResult, _ plain: ReplayResult, _ label: String) {
        #expect(plain.reuse == SegmentReuse(), "\(label): the reference copied segments")
        #expect(memo.records.count == plain.records.count, "\(label)")
        var mismatches = 0
        for (m, p) in zip(memo.records, plain.records) where m != p {
            mismatches += 1
            if mismatches <= 3 { Issue.record("\(label): operator \(p.id): memoised \(m) vs simulated \(p)") }
        }
        #expect(mismatches == 0, "\(label): \(mismatches) records differ")
        #expect(memo.stageEnds.map(\.stage) == plain.stageEnds.map(\.stage), "\(label)")
        #expect(memo.stageEnds.map(\.end) == plain.stageEnds.map(\.end), "\(label)")
        #expect(memo.events + memo.reuse.events == plain.events, "\(label): events")
        #expect(memo.bookings + memo.reuse.bookings == plain.bookings, "\(label): bookings")
    }

    static func mixtralStage(requests: [StageRequest], seed: UInt64 = 1) throws -> (operators: [Operator], plan: ParallelismPlan, experts: Int) {
        let model = try DeviceFixtures.model("mixtral-8x7b")
        let plan = PaperDeployment.plan(for: model)
        let operators = try OperatorGraphBuilder(model: model, plan: plan, options: .paper)
            .operators(for: Stage(index: 0, requests: requests), router: UniformRouter(seed: seed))
        return (operators, plan, model.experts)
    }

    /// Random stages (many seeds) on Logic-PIM, Bank-PIM and the plain GPU, with random
    /// explicit targets, fresh and in one long-lived session.
    @Test(arguments: ["duplex", "bank-pim", "h100"])
    func randomStagesMatchTheUnmemoisedReplay(system name: String) throws {
        let system = try DeviceFixtures.system(name)
        let session = ReplaySession(system: system)
        var reused = 0
        for seed in UInt64(1)...150 {
            var (operators, targets) = SyntheticStages.make(seed: seed, stages: 1 + Int(seed % 3))
            if system.memoryProcessorUnit == nil { targets = targets.map { _ in .xpu } }
            let placement: Placement = system.memoryProcessorUnit == nil ? .gpu : seed % 2 == 0 ? .duplex : .all(on: .memoryProcessor)
            let replayer = try TraceReplayer(system: system, placement: placement, plan: SyntheticStages.plan, experts: SyntheticStages.experts)
            // Explicit targets (serving) in the session; the placement's rules on a fresh workspace.
            let explicit = try replayer.run(operators, targets: targets, in: session)
            Self.expectSame(explicit, try Self.plain(replayer, operators, targets: targets), "\(name) seed \(seed) (explicit targets, session)")
            let ruled = try replayer.run(operators)
            Self.expectSame(ruled, try Self.plain(replayer, operators), "\(name) seed \(seed) (placement rules)")
            reused += explicit.reuse.reused + ruled.reuse.reused
        }
        #expect(reused > 0, "the synthetic stages never repeat a segment: the test checks nothing")
    }

    /// A Mixtral decode stage (B = 64): the 32 layers' attention segments repeat, so most
    /// segments are copied, and the result is the simulated one.
    @Test func mixtralDecodeStageMatches() throws {
        let stage = try Self.mixtralStage(requests: (0..<64).map { StageRequest.decode(id: $0, context: 1024 + $0) })
        let replayer = try TraceReplayer(system: try DeviceFixtures.system("duplex"), placement: .duplex, plan: stage.plan,
                                         experts: stage.experts)
        let memo = try replayer.run(stage.operators)
        Self.expectSame(memo, try Self.plain(replayer, stage.operators), "mixtral decode")
        #expect(memo.reuse.reused * 2 > memo.reuse.segments, "most segments are copies: \(memo.reuse)")
        #expect(memo.events < memo.reuse.events)
    }

    /// A session whose memo overflows (a small budget): decode stages with growing
    /// contexts (a new attention block each stage, repeated expert blocks) still give the
    /// simulated results across evictions.
    @Test func evictionKeepsResultsExact() throws {
        let system = try DeviceFixtures.system("duplex")
        let session = ReplaySession(system: system, memoBudget: 2_000)
        for step in 0..<4 {
            let stage = try Self.mixtralStage(requests: (0..<8).map { StageRequest.decode(id: $0, context: 256 + 8 * step + $0) },
                                              seed: UInt64(1 + step % 3))
            let replayer = try TraceReplayer(system: system, placement: .duplex, plan: stage.plan, experts: stage.experts)
            let memo = try replayer.run(stage.operators, in: session)
            Self.expectSame(memo, try Self.plain(replayer, stage.operators), "step \(step)")
        }
        #expect(session.memo.evictions > 0, "the budget never overflowed: \(session.segmentStatistics)")
        #expect(session.memo.hits > 0)
    }

    /// A mixed stage (prefills and decodes), on Logic-PIM and Bank-PIM.
    @Test(arguments: ["duplex", "bank-pim"])
    func mixedPrefillDecodeStageMatches(system: String) throws {
        let requests = [StageRequest.prefill(id: 0, tokens: 96), .prefill(id: 1, tokens: 40)]
            + (2..<14).map { StageRequest.decode(id: $0, context: 300 + 7 * $0) }
        let stage = try Self.mixtralStage(requests: requests, seed: 4)
        let replayer = try TraceReplayer(system: try DeviceFixtures.system(system), placement: .duplex, plan: stage.plan,
                                         experts: stage.experts)
        Self.expectSame(try replayer.run(stage.operators), try Self.plain(replayer, stage.operators), "mixed on \(system)")
    }

    /// Co-processing: experts and decode attention split between the xPU and Logic-PIM by
    /// explicit targets (as the serving layer hands them over), several stages in one session.
    @Test func coProcessingPlacementsMatch() throws {
        let system = try DeviceFixtures.system("duplex")
        let session = ReplaySession(system: system)
        var random = SplitMix64(seed: 11)
        for index in 0..<4 {
            let stage = try Self.mixtralStage(requests: (0..<24).map { StageRequest.decode(id: $0, context: 500 + index + 3 * $0) },
                                              seed: UInt64(index + 1))
            let targets: [PlacementTarget] = stage.operators.map { op in
                switch op.kind {
                case .expertFFN, .attention: random.next() % 3 == 0 ? .xpu : .memoryProcessor
                default: .xpu
                }
            }
            let replayer = try TraceReplayer(system: system, placement: Placement(name: "co-processing", rules: []),
                                             plan: stage.plan, experts: stage.experts)
            let memo = try replayer.run(stage.operators, targets: targets, in: session)
            Self.expectSame(memo, try Self.plain(replayer, stage.operators, targets: targets), "co-processing stage \(index)")
        }
        #expect(session.segmentStatistics.hits > 0)
    }

    /// A multi-stage trace (one mixed stage, then decode stages) on duplex and the plain GPU.
    @Test(arguments: ["duplex", "h100"])
    func multiStageTraceMatches(system: String) throws {
        let trace = try ReplayTests.trace()
        let placement: Placement = system == "h100" ? .gpu : .duplex
        let replayer = try TraceReplayer(system: try DeviceFixtures.system(system), placement: placement, header: trace.header)
        let memo = try replayer.run(trace.operators)
        Self.expectSame(memo, try Self.plain(replayer, trace.operators), "trace on \(system)")
        #expect(memo.stageEnds.count == 3)
    }

    /// Every segment boundary and group is found on a scheduler-built stage: per layer the norm,
    /// QKV, output projection, all-reduce, norm, router and all-to-alls are cuts, each run alone;
    /// the attention block is one group; the experts between the all-to-alls form one group per
    /// expert-parallel rank that received tokens (Mixtral, TP 4 / EP 4: one device per rank).
    @Test func cutsAndGroupsOfADecodeStage() throws {
        let stage = try Self.mixtralStage(requests: (0..<8).map { StageRequest.decode(id: $0, context: 64) })
        let replayer = try TraceReplayer(system: try DeviceFixtures.system("duplex"), placement: .duplex, plan: stage.plan,
                                         experts: stage.experts)
        let result = try replayer.run(stage.operators)
        var expertGroups = Set<[Int]>()
        for op in stage.operators where op.kind == .expertFFN {
            expertGroups.insert([op.layer ?? -1, stage.plan.expertRank(of: op.expert!, experts: stage.experts)])
        }
        #expect(expertGroups.count > 32)  // routing spreads each layer over several ranks
        // Per layer: norm, QKV, attention block, output projection, all-reduce, norm, router, two
        // all-to-alls (9), plus the expert groups; then the final norm and the LM head.
        #expect(result.reuse.segments == 32 * 9 + expertGroups.count + 2)
    }
}
