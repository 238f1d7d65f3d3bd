import Hardware
import Units
import Workloads

/// Places every operator of a stage according to a `PlacementPolicy` (reference: "Placement and
/// co-processing"; memory layout: `MemorySpaces`).
///
/// - Collectives run on the links.
/// - `gpu`: all other operators on the xPU.
/// - `duplex`, `bank-pim`, `bankgroup-pim`: decode attention on the PIM; expert FFNs on the PIM
///   in decode-only stages and on the xPU in mixed stages; everything else on the xPU; one unit
///   at a time.
/// - `duplex+pe`, `duplex+pe+et`: decode attention on the PIM, prefill attention on the xPU,
///   overlapping (attention co-processing); experts split per layer and per expert-parallel rank
///   (the devices that hold them) by `ExpertCoProcessing` in every stage (in mixed stages the
///   high Op/B keeps them on the xPU by the same rule).
///
/// Memory spaces: decode attention reads request r's KV cache in space r mod 3, prefill attention works in
/// space 3, expert e's weights are in space e mod 4, all other operators use all spaces.
public struct PlacementPlanner: Sendable {
    public let policy: PlacementPolicy
    /// The system's memory-side processor (Logic-PIM, Bank-PIM, BankGroup-PIM); nil on a GPU.
    public let memoryProcessor: ExecutionUnit?
    /// Experts per MoE layer of the model (0 for dense), for the expert-parallel ranks.
    public let experts: Int
    /// The co-processing cost table, filled as stages need it.
    public private(set) var expertCosts = ExpertCostTable()

    /// `memoryProcessor` must be present when the policy uses one.
    public init(policy: PlacementPolicy, memoryProcessor: ExecutionUnit?, experts: Int) {
        precondition(policy == .gpu || memoryProcessor?.isMemoryProcessor == true,
                     "placement \(policy.rawValue) needs a memory-side processor")
        self.policy = policy
        self.memoryProcessor = memoryProcessor
        self.experts = experts
    }

    /// The unit PIM-bound operators go to.
    private var pim: ExecutionUnit {
        guard let memoryProcessor else { preconditionFailure("placement \(policy.rawValue) without a memory-side processor") }
        return memoryProcessor
    }

    /// Reused across stages: expert co-processing's candidates of one layer, the operator index of
    /// each expert of a layer, the experts the greedy moves, and which operators it moved.
    private var scratch = Scratch()

    private struct Scratch: Sendable {
        var candidates: [ExpertCoProcessing.Candidate] = []
        var operatorOfExpert: [Int] = []
        var moved: [Int] = []
        var movedOperators: [Bool] = []
    }

    public mutating func place<E: StageExecutor>(_ stage: Stage, operators: [Operator], plan: ParallelismPlan,
                                                executor: inout E) throws -> StagePlacement {
        let moved = try coProcessedExperts(operators, plan: plan, executor: &executor)
        let mixed = stage.isMixed
        var phases = RequestPhaseLookup(stage.requests)
        var assignments: [OperatorPlacement] = []
        assignments.reserveCapacity(operators.count)
        let pimMoved = scratch.movedOperators
        // Fields are read one by one: copying a whole `Operator` per iteration costs more than the rest.
        for index in operators.indices {
            let kind = operators[index].kind, request = operators[index].request
            let phase = kind == .attention ? request.flatMap { phases.phase(of: $0) } : nil
            assignments.append(placement(kind: kind, id: operators[index].id, request: request, expert: operators[index].expert,
                                         phase: phase, mixed: mixed, movedToPIM: moved > 0 && pimMoved[index]))
        }
        return StagePlacement(assignments: assignments, coProcessing: policy.coProcessing, pimExperts: moved)
    }

    private func placement(kind: OperatorKind, id: Int, request: Int?, expert: Int?, phase: StageRequest.Phase?, mixed: Bool,
                           movedToPIM: Bool) -> OperatorPlacement {
        switch kind {
        case .allReduce, .allToAll:
            return OperatorPlacement(unit: .network, spaces: .all)
        case .attention:
            precondition(phase != nil, "attention operator \(id) names request \(request.map(String.init) ?? "none"), which is not in the stage")
            let decode = phase == .decode
            let unit: ExecutionUnit = decode && policy != .gpu ? pim : .xpu
            return OperatorPlacement(unit: unit, spaces: decode ? .decodeKV(request: request ?? 0) : .prefillQKV)
        case .expertFFN:
            let expert = expert ?? 0
            let unit: ExecutionUnit
            switch policy {
            case .gpu: unit = .xpu
            case .duplex, .bankPIM, .bankgroupPIM: unit = mixed ? .xpu : pim
            case .duplexPE, .duplexPEET: unit = movedToPIM ? pim : .xpu
            }
            return OperatorPlacement(unit: unit, spaces: .expert(expert))
        case .norm, .qkvProjection, .outputProjection, .router, .denseFFN, .lmHead:
            return OperatorPlacement(unit: .xpu, spaces: .all)
        }
    }

    /// Marks in `scratch.movedOperators` (one flag per operator) the expert FFNs that
    /// co-processing moves to the PIM and returns how many (none unless +PE).
    ///
    /// The greedy runs per MoE layer and per expert-parallel rank (`ParallelismPlan.expertRank`:
    /// each rank's devices have their own xPU and PIM and hold only that rank's experts). A layer's
    /// candidates are sorted by (rank, tokens, expert), every rank's candidates together in the
    /// greedy's own order (`ExpertCoProcessing.movedCount`); the greedy then runs on each rank's run.
    private mutating func coProcessedExperts<E: StageExecutor>(_ operators: [Operator], plan: ParallelismPlan,
                                                              executor: inout E) throws -> Int {
        guard policy.coProcessing else { return 0 }
        scratch.movedOperators.removeAll(keepingCapacity: true)
        scratch.movedOperators.append(contentsOf: repeatElement(false, count: operators.count))
        if scratch.operatorOfExpert.count != experts { scratch.operatorOfExpert = Array(repeating: 0, count: experts) }
        let perRank = plan.expertsPerRank(of: experts)
        let pim = self.pim
        var moved = 0
        var layerStart = 0
        while layerStart < operators.count {
            guard operators[layerStart].kind == .expertFFN else { layerStart += 1; continue }
            var layerEnd = layerStart
            while layerEnd < operators.count, operators[layerEnd].kind == .expertFFN,
                  operators[layerEnd].layer == operators[layerStart].layer { layerEnd += 1 }
            scratch.candidates.removeAll(keepingCapacity: true)
            for index in layerStart..<layerEnd {
                guard case .ffn(let shape) = operators[index].shape, let expert = operators[index].expert else {
                    preconditionFailure("expert operator \(operators[index].id) without an FFN shape and expert id")
                }
                precondition(expert >= 0 && expert < experts, "expert \(expert) of \(experts)")
                // Known times are read by token count (no copy of the operator); a miss measures.
                let xpuTime: SimTime, pimTime: SimTime
                if let known = expertCosts.knownTimes(tokens: shape.tokens, pim: pim) {
                    (xpuTime, pimTime) = known
                } else {
                    xpuTime = try expertCosts.knownTime(tokens: shape.tokens, on: .xpu)
                        ?? expertCosts.time(of: operators[index], on: .xpu, plan: plan, executor: &executor)
                    pimTime = try expertCosts.knownTime(tokens: shape.tokens, on: pim)
                        ?? expertCosts.time(of: operators[index], on: pim, plan: plan, executor: &executor)
                }
                scratch.candidates.append(ExpertCoProcessing.Candidate(expert: expert, tokens: shape.tokens, xpuTime: xpuTime, pimTime: pimTime))
                scratch.operatorOfExpert[expert] = index
            }
            moved += scratch.candidates.withUnsafeMutableBufferPointer { candidates in
                ExpertCoProcessing.sortByRank(candidates, expertsPerRank: perRank)
                var count = 0
                var rankStart = 0
                while rankStart < candidates.count {
                    let rank = candidates[rankStart].expert / perRank
                    var rankEnd = rankStart + 1
                    while rankEnd < candidates.count, candidates[rankEnd].expert / perRank == rank { rankEnd += 1 }
                    let run = UnsafeMutableBufferPointer(rebasing: candidates[rankStart..<rankEnd])
                    scratch.moved.removeAll(keepingCapacity: true)
                    ExpertCoProcessing.movedCount(sorted: run, moved: &scratch.moved)
                    for expert in scratch.moved where !scratch.movedOperators[scratch.operatorOfExpert[expert]] {
                        scratch.movedOperators[scratch.operatorOfExpert[expert]] = true
                        count += 1
                    }
                    rankStart = rankEnd
                }
                return count
            }
            layerStart = layerEnd
        }
        return moved
    }
}
