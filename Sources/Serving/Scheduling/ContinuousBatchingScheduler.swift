import Units
import Workloads

/// Orca-style continuous batching in lockstep stages (reference: "Serving model").
///
/// At the start of each stage (time `now`):
/// 1. Admission: waiting requests that have arrived (arrival <= now) join in arrival order while
///    the batch is below `batchLimit.effective` and the KV cache can reserve their full
///    Lin + Lout (`kvCapacityTokens`).
/// 2. The stage: every newly admitted request prefills its whole prompt; every other running
///    request decodes one token. With any prefill the stage is `mixed`, else `decode`.
/// 3. The executor times the stage's operators under the placement (serialised by unit unless the
///    policy co-processes, `UnitSerialisation`); the stage ends at
///    now + duration. Every request of the batch emits one token at the end: the first token
///    for a prefill, the next for a decode. A request that has emitted Lout tokens finishes and
///    frees its reservation; in a closed loop its replacement arrives at that instant and is
///    admitted at the next stage.
/// 4. When nothing is running and nothing has arrived, time jumps to the next arrival.
public struct ContinuousBatchingScheduler {
    public let deployment: ServingDeployment
    public let batchLimit: BatchLimit
    public let router: any ExpertRouter
    public let accounting: AccountingOptions
    /// Keep per-operator records (ops.csv); memory grows with stages x operators.
    public let recordOperators: Bool
    /// Without per-operator records, build and time each stage in compact form (the attention
    /// block once for all layers: `StageExecutor.timing(of:)`, docs/serving.md "Compact stages");
    /// identical results. Off: every operator of every layer is built and executed.
    public let compactStages: Bool

    public init(deployment: ServingDeployment, batchLimit: BatchLimit, router: any ExpertRouter,
                accounting: AccountingOptions = .paper, recordOperators: Bool = false, compactStages: Bool = true) {
        precondition(batchLimit.effective >= 1, "the KV cache must hold at least one request: \(batchLimit.explanation)")
        self.deployment = deployment
        self.batchLimit = batchLimit
        self.router = router
        self.accounting = accounting
        self.recordOperators = recordOperators
        self.compactStages = compactStages
    }

    private struct Running {
        let request: ServingRequest
        let admitted: SimTime
        /// Started mid-generation by a steady-state window (no prefill seen, no first gap).
        var inFlightAtStart = false
        var generated = 0
        var firstToken = SimTime.zero
        var lastToken = SimTime.zero
        var maxGap = SimTime.zero
    }

    /// Serves every request of `source` (or, with `steadyStateStages`, runs that many stages of a
    /// closed loop started in steady state); `progress` is called after each stage with (done,
    /// total) requests, or stages for a window.
    ///
    /// Steady-state window: the initial batch of B requests starts mid-generation, request i having
    /// already emitted floor(i x Lout_i / B) tokens (prompt and tokens in the KV cache; request 0
    /// prefills in the first stage), so completions and replacements occur at their steady rate from
    /// the first stage; the run stops after `steadyStateStages` stages. Requests in flight at the
    /// start are excluded from T2FT and E2E, and their first gap from TBT.
    public func run<E: StageExecutor>(source initial: RequestSource, executor: inout E, steadyStateStages: Int? = nil,
                                      progress: ((Int, Int) -> Void)? = nil) throws -> ServingTrace {
        var source = initial
        let total = source.total
        if let steadyStateStages {
            guard case .closedLoop = source.pattern else { preconditionFailure("a steady-state window needs a closed loop") }
            precondition(steadyStateStages >= 1, "a steady-state window needs at least one stage")
        }
        let builder = OperatorGraphBuilder(model: deployment.model, plan: deployment.plan, options: accounting)
        var planner = PlacementPlanner(policy: deployment.policy, memoryProcessor: deployment.memoryProcessor, experts: deployment.model.experts)
        var waiting = source.initialRequests(slots: batchLimit.effective)
        var head = 0
        var running: [Running] = []
        var reserved = 0
        var now = SimTime.zero
        var finished: [RequestRecord] = []
        var stages: [StageRecord] = []
        var gaps: [SimTime] = []
        var operatorRecords: [StageOperatorRecord] = []
        finished.reserveCapacity(steadyStateStages == nil ? total : 0)
        if steadyStateStages != nil {
            for (index, request) in waiting.enumerated() where index > 0 {
                let done = index * request.outputTokens / waiting.count
                guard done > 0 else { continue }
                var entry = Running(request: request, admitted: .zero, inFlightAtStart: true)
                entry.generated = done
                reserved += request.reservedTokens
                running.append(entry)
            }
            waiting = waiting.filter { request in !running.contains { $0.request.id == request.id } }
        }

        while steadyStateStages.map({ stages.count < $0 }) ?? (finished.count < total) {
            if running.isEmpty, head < waiting.count, waiting[head].arrival > now { now = waiting[head].arrival }
            // 1. Admission.
            var admittedCount = 0
            while head < waiting.count, running.count < batchLimit.effective, waiting[head].arrival <= now {
                let candidate = waiting[head]
                precondition(candidate.reservedTokens <= batchLimit.kvCapacityTokens,
                             "request \(candidate.id) needs \(candidate.reservedTokens) KV tokens, more than the whole cache (\(batchLimit.kvCapacityTokens)); scenario validation must reject it")
                guard reserved + candidate.reservedTokens <= batchLimit.kvCapacityTokens else { break }
                reserved += candidate.reservedTokens
                running.append(Running(request: candidate, admitted: now))
                head += 1
                admittedCount += 1
            }
            precondition(!running.isEmpty, "no request can run at \(now) although \(total - finished.count) are unfinished")
            // 2. The stage.
            let firstNew = running.count - admittedCount
            precondition(running[..<firstNew].allSatisfy { $0.generated > 0 }, "only new requests prefill")
            var requests: [StageRequest] = []
            requests.reserveCapacity(running.count)
            var contexts = 0
            for (position, entry) in running.enumerated() {
                let request: StageRequest = position >= firstNew
                    ? .prefill(id: entry.request.id, tokens: entry.request.inputTokens)
                    : .decode(id: entry.request.id, context: entry.request.inputTokens + entry.generated)
                contexts += request.contextTokens
                requests.append(request)
            }
            let stage = Stage(index: stages.count, requests: requests)
            let timing: StageTiming
            let pimExperts: Int
            if compactStages && !recordOperators {
                var compact = try builder.compactOperators(for: stage, router: router)
                let placement = try planner.place(stage, operators: compact.operators, plan: deployment.plan, executor: &executor)
                if !placement.coProcessing {
                    // Serialisation groups operators with equal dependencies; in the full list no group
                    // spans two blocks (a block's entries depend on the block before), so it runs per
                    // block and commutes with expansion.
                    let operators = compact.operators
                    compact.operators = []
                    compact.operators = UnitSerialisation.serialise(consume operators, placement: placement,
                                                                    blockEnds: compact.blocks.map(\.upperBound))
                }
                let classes = EnergyClass.classify(compact.operators)
                timing = try executor.timing(of: CompactStageWork(stage: stage, compact: compact, placement: placement,
                                                                  plan: deployment.plan, classes: classes))
                pimExperts = placement.pimExperts
            } else {
                let built = try builder.operators(for: stage, router: router)
                let placement = try planner.place(stage, operators: built, plan: deployment.plan, executor: &executor)
                let operators = placement.coProcessing ? built : UnitSerialisation.serialise(consume built, placement: placement)
                let execution = try executor.execute(StageWork(stage: stage, operators: operators, placement: placement, plan: deployment.plan))
                let classes = EnergyClass.classify(operators)
                timing = StageTiming(execution, operators: operators, classes: classes)
                pimExperts = placement.pimExperts
                if recordOperators {
                    for index in operators.indices {
                        operatorRecords.append(StageOperatorRecord(stage: stage.index, op: operators[index], placement: placement.assignments[index],
                                                              energyClass: classes[index], execution: execution.operators[index]))
                    }
                }
            }
            precondition(timing.duration > .zero, "stage \(stage.index) took no time")
            let arrivedWaiting = ContinuousBatchingScheduler.arrived(waiting, from: head, by: now)
            stages.append(StageRecord(index: stage.index, kind: admittedCount > 0 ? .mixed : .decode, start: now,
                                      duration: timing.duration, prefills: admittedCount, decodes: firstNew,
                                      newTokens: stage.tokens, contextTokens: contexts, inSystem: running.count + arrivedWaiting,
                                      pimExperts: pimExperts, timeByClass: timing.timeByClass, busyByUnit: timing.busyByUnit,
                                      energy: timing.energy))
            // 3. Tokens, completions, replacements.
            let end = now + timing.duration
            var kept: [Running] = []
            kept.reserveCapacity(running.count)
            for var entry in running {
                if entry.generated == 0 {
                    entry.firstToken = end
                } else if entry.inFlightAtStart && entry.lastToken == .zero {
                    // The token before the window is not observed: no gap.
                } else {
                    let gap = end - entry.lastToken
                    gaps.append(gap)
                    entry.maxGap = max(entry.maxGap, gap)
                }
                entry.generated += 1
                entry.lastToken = end
                if entry.generated == entry.request.outputTokens {
                    reserved -= entry.request.reservedTokens
                    finished.append(RequestRecord(id: entry.request.id, inputTokens: entry.request.inputTokens,
                                                  outputTokens: entry.request.outputTokens, arrival: entry.request.arrival,
                                                  admitted: entry.admitted, firstToken: entry.firstToken, finish: end,
                                                  maxTokenGap: entry.maxGap, inFlightAtStart: entry.inFlightAtStart))
                    if let next = source.replacement(finishingAt: end) { waiting.append(next) }
                } else {
                    kept.append(entry)
                }
            }
            running = kept
            now = end
            if let steadyStateStages { progress?(stages.count, steadyStateStages) } else { progress?(finished.count, total) }
        }
        finished.sort { $0.id < $1.id }
        return ServingTrace(requests: finished, stages: stages, tokenGaps: gaps, operators: operatorRecords, batchLimit: batchLimit)
    }

    /// Waiting requests (from `head`, sorted by arrival) that have arrived by `time`. O(log n).
    static func arrived(_ waiting: [ServingRequest], from head: Int, by time: SimTime) -> Int {
        var low = head, high = waiting.count
        while low < high {
            let mid = (low + high) / 2
            if waiting[mid].arrival <= time { low = mid + 1 } else { high = mid }
        }
        return low - head
    }
}
