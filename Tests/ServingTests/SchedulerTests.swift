import Foundation
import Testing
import Units
import Workloads
@testable import Serving

/// Continuous batching checked against hand-computed schedules (ScriptedExecutor: fixed stage times).
@Suite struct SchedulerTests {
    static func run(batch: Int, requests: Int, lin: Int, lout: Int, pattern: TrafficPattern = .closedLoop, spread: Double = 0,
                    seed: UInt64 = 1, executor: inout ScriptedExecutor, deployment: ServingDeployment = Fixtures.tinyDeployment()) throws -> ServingTrace {
        let limit = deployment.batchLimit(maxBatch: batch, reservedTokens: lin + lout)
        let scheduler = ContinuousBatchingScheduler(deployment: deployment, batchLimit: limit, router: UniformRouter(seed: seed))
        let source = RequestSource(pattern: pattern, requests: requests, inputLength: LengthDistribution(nominal: lin, relativeSpread: spread),
                                   outputLength: LengthDistribution(nominal: lout, relativeSpread: spread), seed: seed)
        return try scheduler.run(source: source, executor: &executor)
    }

    @Test func closedLoopHandComputedSchedule() throws {
        // Batch 4, 8 requests of (16, 3), 10 ms per stage: stage 0 prefills 4 (first tokens at 10 ms),
        // stages 1-2 decode (tokens at 20, 30 ms; all finish at 30 ms); the 4 replacements arrive at
        // 30 ms and run in stages 3-5 (tokens at 40, 50, 60 ms).
        var executor = ScriptedExecutor()
        let trace = try Self.run(batch: 4, requests: 8, lin: 16, lout: 3, executor: &executor)
        #expect(trace.stages.map(\.kind) == [.mixed, .decode, .decode, .mixed, .decode, .decode])
        #expect(trace.stages.map(\.batch) == [4, 4, 4, 4, 4, 4])
        #expect(trace.stages.map(\.start) == [0, 10, 20, 30, 40, 50].map { SimTime.ms($0) })
        #expect(trace.requests.map(\.id) == Array(0..<8))
        for request in trace.requests {
            let late = request.id >= 4
            #expect(request.arrival == .ms(late ? 30 : 0))
            #expect(request.timeToFirstToken == .ms(10))
            #expect(request.endToEnd == .ms(30))
            #expect(request.finish == .ms(late ? 60 : 30))
        }
        #expect(trace.tokenGaps.count == 8 * 2)
        #expect(trace.tokenGaps.allSatisfy { $0 == .ms(10) })
        let metrics = ServingMetrics(trace)
        #expect(metrics.generatedTokens == 24)
        #expect(metrics.makespan == .ms(60))
        #expect(abs(metrics.tokensPerSecond - 400) < 1e-9)  // 24 tokens / 60 ms
        #expect(metrics.stagesByKind[.mixed] == 2 && metrics.stagesByKind[.decode] == 4)
        #expect(metrics.timeBetweenTokens.p99 == .ms(10) && metrics.endToEnd.p50 == .ms(30))
    }

    @Test func stageCompositionFollowsTheRequests() throws {
        // Batch 2, (5, 4), 3 requests: r0, r1 prefill in stage 0; decode contexts 6, 7, 8 in stages
        // 1-3 (context counts the new token); r2 replaces r0 at the end of stage 3 and prefills in
        // stage 4 alone (r1 finished too).
        var executor = ScriptedExecutor()
        executor.keepWork = true
        _ = try Self.run(batch: 2, requests: 3, lin: 5, lout: 4, executor: &executor)
        let stages = executor.seen.map(\.stage)
        #expect(stages[0].requests == [.prefill(id: 0, tokens: 5), .prefill(id: 1, tokens: 5)])
        #expect(stages[1].requests == [.decode(id: 0, context: 6), .decode(id: 1, context: 6)])
        #expect(stages[3].requests == [.decode(id: 0, context: 8), .decode(id: 1, context: 8)])
        #expect(stages[4].requests == [.prefill(id: 2, tokens: 5)])
        #expect(stages.count == 8)
        #expect(stages[0].isMixed && !stages[1].isMixed)
        // One attention operator per request per layer; tokens of a mixed stage = the prompts.
        let model = Fixtures.model("tiny-moe")
        #expect(executor.seen[0].operators.filter { $0.kind == .attention }.count == 2 * model.layers)
        #expect(stages[0].tokens == 10 && stages[1].tokens == 2)
    }

    @Test func closedLoopKeepsTheBatchFull() throws {
        // Gaussian lengths: requests finish at different stages, and each is replaced at once, so
        // every stage before the source runs dry has the full batch.
        var executor = ScriptedExecutor()
        let trace = try Self.run(batch: 8, requests: 120, lin: 32, lout: 16, spread: 0.3, seed: 7, executor: &executor)
        #expect(trace.requests.count == 120)
        let lastFullStage = trace.stages.lastIndex { $0.batch == 8 }!
        let steady = trace.stages[...lastFullStage]
        #expect(steady.allSatisfy { $0.batch == 8 })
        // The batch only shrinks in the tail, once fewer than 8 requests remain.
        #expect(trace.stages[(lastFullStage + 1)...].allSatisfy { $0.batch < 8 && $0.prefills == 0 })
        #expect(Set(trace.requests.map(\.outputTokens)).count > 5)
        #expect(trace.stages.contains { $0.kind == .mixed && $0.decodes > 0 })
    }

    @Test func kvCapacityReducesTheBatch() throws {
        // tiny-moe on 2 devices with 64 KiB per stack: 327680 B per device; weights per device
        // (TP 2, EP 2) 308800 B (ModelFootprintTests); 18880 B left / 256 B per token = 73 tokens,
        // so 3 requests of 16 + 3 = 19 tokens fit, not 8.
        let deployment = Fixtures.tinyDeployment(capacityPerStack: .kib(64))
        #expect(deployment.weightsPerDevice == ByteCount(bytes: 308_800))
        #expect(deployment.kvCapacityTokens == 73)
        let limit = deployment.batchLimit(maxBatch: 8, reservedTokens: 19)
        #expect(limit.isReduced && limit.effective == 3)
        #expect(limit.explanation.contains("reduced from 8 to 3"))
        var executor = ScriptedExecutor()
        let trace = try Self.run(batch: 8, requests: 12, lin: 16, lout: 3, executor: &executor, deployment: deployment)
        #expect(trace.batchLimit.effective == 3)
        #expect(trace.stages.allSatisfy { $0.batch <= 3 })
        #expect(trace.stages.first?.batch == 3)
        #expect(trace.requests.count == 12)
        // Unreduced with the default memory.
        #expect(!Fixtures.tinyDeployment().batchLimit(maxBatch: 8, reservedTokens: 19).isReduced)
    }

    @Test func littlesLawHoldsOnOpenLoopRuns() throws {
        // Open loop at 40 requests/s; stage time grows with the batch. L (time-average requests in
        // the system) must equal lambda x W (mean E2E) within sampling noise.
        var executor = ScriptedExecutor()
        executor.base = .ms(2)
        executor.perContext = .us(2)
        let qps = 40.0
        let trace = try Self.run(batch: 16, requests: 1500, lin: 64, lout: 32, pattern: .openLoop(qps: qps), seed: 3, executor: &executor)
        let metrics = ServingMetrics(trace)
        let w = metrics.endToEnd.mean.seconds
        let measuredRate = Double(trace.requests.count) / (trace.requests.map(\.arrival).max()! - trace.requests.map(\.arrival).min()!).seconds
        #expect(abs(measuredRate - qps) / qps < 0.08, "arrival rate \(measuredRate)")
        let l = metrics.meanInSystem
        #expect(abs(l - qps * w) / (qps * w) < 0.1, "L = \(l), lambda W = \(qps * w)")
        // Not saturated: the server keeps up, so throughput is the offered load times Lout.
        #expect(abs(metrics.tokensPerSecond - qps * 32) / (qps * 32) < 0.1)
    }

    @Test func openLoopIdlesUntilTheNextArrival() throws {
        // One request per 10 s on a 10 ms stage: every request runs alone, arriving to an idle server.
        var executor = ScriptedExecutor()
        let trace = try Self.run(batch: 4, requests: 5, lin: 8, lout: 2, pattern: .openLoop(qps: 0.1), executor: &executor)
        for request in trace.requests {
            #expect(request.queueing == .zero)
            #expect(request.timeToFirstToken == .ms(10) && request.endToEnd == .ms(20))
        }
        #expect(trace.stages.allSatisfy { $0.batch == 1 })
    }
}

@Suite struct SteadyStateWindowTests {
    @Test func windowStartsInSteadyState() throws {
        // Batch 4, (16, 8): request i starts with floor(8 i / 4) = 0, 2, 4, 6 tokens emitted, so one
        // request finishes every 2 stages and its replacement prefills in the next stage: mixed and
        // decode stages alternate with the batch always full. 10 ms per stage.
        var executor = ScriptedExecutor()
        let deployment = Fixtures.tinyDeployment()
        let scheduler = ContinuousBatchingScheduler(deployment: deployment, batchLimit: deployment.batchLimit(maxBatch: 4, reservedTokens: 24),
                                                    router: UniformRouter(seed: 1))
        let source = RequestSource(pattern: .closedLoop, requests: 100, inputLength: .fixed(16), outputLength: .fixed(8), seed: 1)
        let trace = try scheduler.run(source: source, executor: &executor, steadyStateStages: 16)
        #expect(trace.stages.count == 16)
        #expect(trace.stages.map(\.kind) == Array(repeating: [StageKind.mixed, .decode], count: 8).flatMap { $0 })
        #expect(trace.stages.allSatisfy { $0.batch == 4 })
        let metrics = ServingMetrics(trace)
        #expect(metrics.generatedTokens == 64 && abs(metrics.tokensPerSecond - 400) < 1e-9)
        // Requests admitted in the window: arrival at a completion, prefill next stage, 8 tokens later done.
        let measured = trace.requests.filter { !$0.inFlightAtStart }
        #expect(!measured.isEmpty && measured.allSatisfy { $0.endToEnd == .ms(80) && $0.timeToFirstToken == .ms(10) })
        #expect(metrics.measuredRequests == measured.count)
        #expect(metrics.endToEnd.p99 == .ms(80))
        #expect(trace.tokenGaps.allSatisfy { $0 == .ms(10) })
    }
}
