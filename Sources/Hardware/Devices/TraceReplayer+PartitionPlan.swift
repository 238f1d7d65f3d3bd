import Reference
import Units
import Workloads

extension TraceReplayer {
    /// The `PartitionPlan` (Reference module) of `op` as this replayer splits it, for the
    /// functional cross-check (`PlanExecutor`, `duplexsim check`): one fragment per tile group
    /// the timing model books, with the unit, the stack and the FLOPs and bytes it charged, and
    /// `expected` from the operator's IR cost plus the split's modelled overhead.
    ///
    /// Covered: GEMMs (QKV, output projection, LM head, both units: column split over the
    /// stacks on a memory-side processor), decode attention (one fragment per KV head) and
    /// expert FFNs (column split, partial sums). Nil for operators the Reference does not model
    /// (norms, routers, collectives, dense FFNs) and for prefill attention (the IR's paper
    /// accounting counts masked score positions and the materialised score matrix, the
    /// Reference does not).
    ///
    /// Class mapping: IR kv_read -> kvCache; act_in -> activationsIn; act_out and kv_write ->
    /// outputs (partials when split); FLOPs are matrix FLOPs only (the IR's softmax and
    /// activation FLOPs removed); FFN intermediates are not a Reference class and are left out.
    public func partitionPlan(for op: Operator, decodeOnlyStage: Bool) -> PartitionPlan? {
        let storage: StorageFormat
        switch op.dtype {
        case .fp16: storage = .fp16
        case .bf16: storage = .bf16
        case .fp32, .fp8: return nil
        }
        let target = placement.target(of: op, decodeOnlyStage: decodeOnlyStage)
        let onMemory = target == .memoryProcessor && system.memoryProcessorUnit != nil
        let hardwareUnit: ExecutionUnit = onMemory ? system.memoryProcessorUnit! : .xpu
        let unit = Reference.ExecutionUnit(rawValue: hardwareUnit.rawValue)
        let dataType: DataType = op.dtype == .bf16 ? .bf16 : .fp16
        let ir = op.cost
        let name = "\(op.kind.rawValue)#\(op.id)/\(hardwareUnit.rawValue)"
        func stacksUsed(_ plan: MemoryProcessorTilePlan) -> Int64 { Int64(plan.chains.count) }

        switch op.shape {
        case .gemm(let g):
            let operation = PlannedOperation.gemm(GEMMOperation(m: g.tokens, k: g.inFeatures, n: g.outFeatures))
            var expected = Reference.OperatorCost(flops: ir.flops.flops, bytes: ByteTraffic(
                weights: ir.memory.weights.bytes, activationsIn: ir.memory.activationsIn.bytes,
                outputs: ir.memory.activationsOut.bytes + ir.memory.kvWrite.bytes))
            guard onMemory else {
                return PartitionPlan(operatorName: name, operation: operation,
                                     fragments: [PlanFragment(unit: unit, stack: 0, region: FragmentRegion())],
                                     merge: .concatenate, storage: storage, expected: expected)
            }
            let tiles = system.memoryProcessorTilePlan(op, unit: hardwareUnit, dtype: dataType, interleaved: false)
            expected.bytes.activationsIn += (stacksUsed(tiles) - 1) * ir.memory.activationsIn.bytes
            var fragments: [PlanFragment] = []
            var column = 0
            let s = op.dtype.bytesPerElement, m = Int64(g.tokens), k = Int64(g.inFeatures)
            for chain in tiles.chains {
                let tile = chain.tiles[0]
                // Tile bytes = k c s (weights) + m k s (input) + m c s (output), so c = (bytes - m k s) / ((k + m) s).
                let c = Int((tile.bytes.bytes - m * k * s) / ((k + m) * s))
                fragments.append(PlanFragment(unit: unit, stack: chain.stack, region: FragmentRegion(columns: column..<(column + c)),
                                              charged: Reference.OperatorCost(flops: tile.flops.flops, bytes: ByteTraffic(
                                                weights: k * Int64(c) * s, activationsIn: m * k * s, outputs: m * Int64(c) * s))))
                column += c
            }
            return PartitionPlan(operatorName: name, operation: operation, fragments: fragments, merge: .concatenate,
                                 storage: storage, expected: expected)

        case .attention(let a):
            guard a.newTokens == 1 else { return nil }
            let shape = Reference.AttentionShape(queryHeads: a.groupSize * a.kvHeads, kvHeads: a.kvHeads, headDim: a.headDim)
            let operation = PlannedOperation.attentionDecode(AttentionDecodeOperation(shape: shape, contextLengths: [a.contextTokens]))
            let softmax = Accounting.softmaxFLOPsPerElement * a.scoreElementsPerKVHead * Int64(a.kvHeads)
            let expected = Reference.OperatorCost(flops: ir.flops.flops - softmax, bytes: ByteTraffic(
                kvCache: ir.memory.kvRead.bytes, activationsIn: ir.memory.activationsIn.bytes, outputs: ir.memory.activationsOut.bytes))
            guard onMemory else {
                return PartitionPlan(operatorName: name, operation: operation,
                                     fragments: [PlanFragment(unit: unit, stack: 0, region: FragmentRegion())],
                                     merge: .concatenate, storage: storage, expected: expected)
            }
            let tiles = system.memoryProcessorTilePlan(op, unit: hardwareUnit, dtype: dataType, interleaved: false)
            let rotation = ((op.request ?? op.id) * a.kvHeads) % system.stacks
            let s = op.dtype.bytesPerElement, d = Int64(a.headDim), g = Int64(a.groupSize)
            var fragments: [PlanFragment] = []
            for (h, chain) in tiles.chains.enumerated() {
                let compute = chain.tiles.filter { if case .compute = $0.kind { return true } else { return false } }
                let bytes = compute.reduce(Int64(0)) { $0 + $1.bytes.bytes }
                let queries = g * d * s
                fragments.append(PlanFragment(unit: unit, stack: (chain.stack + rotation) % system.stacks,
                                              region: FragmentRegion(requests: 0..<1, kvHeads: h..<(h + 1)),
                                              charged: Reference.OperatorCost(flops: compute.reduce(Int64(0)) { $0 + $1.flops.flops },
                                                                              bytes: ByteTraffic(kvCache: bytes - 2 * queries,
                                                                                                 activationsIn: queries, outputs: queries))))
            }
            return PartitionPlan(operatorName: name, operation: operation, fragments: fragments, merge: .concatenate,
                                 storage: storage, expected: expected)

        case .ffn(let f):
            guard op.kind == .expertFFN else { return nil }
            // The Reference has SwiGLU and GELU experts; GEGLU and ReLU experts get no plan.
            guard f.kind == .swiglu || f.kind == .gelu else { return nil }
            let activation: FFNActivation = f.kind == .swiglu ? .swiglu : .gelu
            let operation = PlannedOperation.moe(MoEOperation(hidden: f.hidden, ffn: f.ffn, experts: 1, activation: activation,
                                                              renormalise: false, routing: Array(repeating: [0], count: f.tokens)))
            let elementwise = f.kind.elementwiseFLOPsPerElement * Int64(f.tokens) * Int64(f.ffn)
            var expected = Reference.OperatorCost(flops: ir.flops.flops - elementwise, bytes: ByteTraffic(
                weights: ir.memory.weights.bytes, activationsIn: ir.memory.activationsIn.bytes, outputs: ir.memory.activationsOut.bytes))
            guard onMemory else {
                return PartitionPlan(operatorName: name, operation: operation,
                                     fragments: [PlanFragment(unit: unit, stack: 0, region: FragmentRegion(experts: [0]))],
                                     merge: .concatenate, storage: storage, expected: expected)
            }
            let tiles = system.memoryProcessorTilePlan(op, unit: hardwareUnit, dtype: dataType, interleaved: false)
            let used = stacksUsed(tiles)
            let s = op.dtype.bytesPerElement, t = Int64(f.tokens), h = Int64(f.hidden), m = f.kind.matrixCount
            expected.bytes.activationsIn = used * ir.memory.activationsIn.bytes
            if used > 1 {
                expected.bytes.partials = used * ir.memory.activationsOut.bytes
                expected.bytes.outputs = 0
            }
            var fragments: [PlanFragment] = []
            var column = 0
            for chain in tiles.chains {
                let flops = chain.tiles.reduce(Int64(0)) { $0 + $1.flops.flops }
                let c = Int(flops / (2 * m * t * h))
                let out = t * h * s
                fragments.append(PlanFragment(unit: unit, stack: chain.stack,
                                              region: FragmentRegion(columns: column..<(column + c), experts: [0]),
                                              charged: Reference.OperatorCost(flops: flops, bytes: ByteTraffic(
                                                weights: m * h * Int64(c) * s, activationsIn: t * h * s,
                                                outputs: used > 1 ? 0 : out, partials: used > 1 ? out : 0))))
                column += c
            }
            return PartitionPlan(operatorName: name, operation: operation, fragments: fragments,
                                 merge: used > 1 ? .sumPartials : .concatenate, storage: storage, expected: expected)

        case .norm, .router, .collective:
            return nil
        }
    }
}
