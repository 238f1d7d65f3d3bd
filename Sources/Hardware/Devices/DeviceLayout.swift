import Workloads

/// Where an operator's shards run and where its data lives: the part of a replayer that booking
/// reads per operator, kept small (plain integers) so the hot path copies no system model.
struct DeviceLayout: Sendable {
    /// Experts per MoE layer of the model (0 for a dense model).
    var experts: Int
    var plan: ParallelismPlan
    /// Bank-bundle spaces per stack (`MemoryPathModel.bundleSpaces`).
    var spaces: Int

    /// The devices that run a shard of `op`: 0..<shards, or for an expert FFN the `shards`
    /// devices of its expert-parallel rank.
    func deviceRange(of op: Operator) -> Range<Int> { deviceRange(kind: op.kind, expert: op.expert, shards: op.shards) }

    /// The same from the fields it reads (hot loops pass fields, not a copy of the operator).
    @inline(__always)
    func deviceRange(kind: OperatorKind, expert: Int?, shards: Int) -> Range<Int> {
        if kind == .expertFFN, let e = expert, experts > 0, experts % plan.expertParallel == 0, e < experts {
            let rank = plan.expertRank(of: e, experts: experts)
            return rank * shards ..< (rank + 1) * shards
        }
        return 0..<shards
    }

    /// The bundle spaces an operator's data lives in, as a bit mask (docs/devices.md): expert e
    /// in space e mod S; decode KV of request r in space r mod (S - 1); prefill attention in the
    /// last space; weights and activations of everything else striped over all spaces.
    func spaceMask(of op: Operator) -> Int {
        switch op.kind {
        case .expertFFN:
            if let e = op.expert { return 1 << (e % spaces) }
        case .attention:
            if case .attention(let shape) = op.shape {
                if shape.newTokens == 1 { return 1 << ((op.request ?? op.id) % (spaces - 1)) }
                return 1 << (spaces - 1)
            }
        default:
            break
        }
        return (1 << spaces) - 1
    }
}

extension TraceReplayer {
    /// This replayer's device layout.
    var layout: DeviceLayout { DeviceLayout(experts: experts, plan: plan, spaces: system.memory.bundleSpaces) }
}
