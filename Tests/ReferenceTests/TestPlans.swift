@testable import Reference

/// Plans shaped like the placements the simulator offers, with the expected FLOPs and bytes
/// written out in closed form here (independently of `PlannedOperation.cost(of:storage:)`),
/// so the executor's exact accounting check compares two separate derivations.
/// s = 2 bytes (FP16 storage).
enum TestPlans {
    static let s: Int64 = 2
    static let storage = StorageFormat.fp16

    /// 0..<n cut into `parts` contiguous near-equal non-empty ranges.
    static func split(_ n: Int, into parts: Int) -> [Range<Int>] {
        precondition(parts >= 1 && parts <= n)
        return (0..<parts).map { i in (i * n / parts)..<((i + 1) * n / parts) }
    }

    static func chunks(_ n: Int, of size: Int) -> [Range<Int>] {
        stride(from: 0, to: n, by: size).map { $0..<min(n, $0 + size) }
    }

    // MARK: decode attention

    /// Analytic decode accounting when each request's keys are cut into `chunks(r)` ranges.
    static func decodeCost(_ op: AttentionDecodeOperation, chunks: (Int) -> Int) -> OperatorCost {
        let h = Int64(op.shape.queryHeads), hkv = Int64(op.shape.kvHeads), d = Int64(op.shape.headDim)
        var cost = OperatorCost.zero
        for (r, length) in op.contextLengths.enumerated() {
            let l = Int64(length), c = Int64(chunks(r))
            cost.flops += 4 * h * d * l                        // 2 g L d (scores) + 2 g L d (context), all heads
            cost.bytes.kvCache += 2 * hkv * l * d * s
            cost.bytes.activationsIn += c * h * d * s            // every chunk reads the query
            if c == 1 { cost.bytes.outputs += h * d * s } else { cost.bytes.partials += c * h * (d + 2) * s }
        }
        return cost
    }

    /// GPU: the whole operator on one unit.
    static func decodeGPU(_ op: AttentionDecodeOperation) -> PartitionPlan {
        PartitionPlan(operatorName: "decode-attention/gpu", operation: .attentionDecode(op),
                      fragments: [PlanFragment(unit: .gpu, stack: 0, region: FragmentRegion())],
                      merge: .concatenate, storage: storage, expected: decodeCost(op) { _ in 1 })
    }

    /// Duplex: Logic-PIM, split over stacks by request and KV head (round robin).
    static func decodeDuplex(_ op: AttentionDecodeOperation, stacks: Int = 5) -> PartitionPlan {
        var fragments: [PlanFragment] = []
        for r in op.contextLengths.indices {
            for kv in 0..<op.shape.kvHeads {
                fragments.append(PlanFragment(unit: .logicPIM, stack: fragments.count % stacks,
                                              region: FragmentRegion(requests: r..<r + 1, kvHeads: kv..<kv + 1)))
            }
        }
        return PartitionPlan(operatorName: "decode-attention/duplex", operation: .attentionDecode(op),
                             fragments: fragments, merge: .concatenate, storage: storage,
                             expected: decodeCost(op) { _ in 1 })
    }

    /// Key-range split (long contexts over Logic-PIM stacks, or Bank-PIM over banks): per
    /// request and KV head, keys in chunks of `chunk`, merged by online softmax.
    static func decodeKeySplit(_ op: AttentionDecodeOperation, chunk: Int, unit: ExecutionUnit, stacks: Int = 5) -> PartitionPlan {
        var fragments: [PlanFragment] = []
        for (r, length) in op.contextLengths.enumerated() {
            for kv in 0..<op.shape.kvHeads {
                for keys in chunks(length, of: chunk) {
                    fragments.append(PlanFragment(unit: unit, stack: fragments.count % stacks,
                                                  region: FragmentRegion(requests: r..<r + 1, kvHeads: kv..<kv + 1, keyTokens: keys)))
                }
            }
        }
        return PartitionPlan(operatorName: "decode-attention/\(unit)-key-split", operation: .attentionDecode(op),
                             fragments: fragments, merge: .onlineSoftmax, storage: storage,
                             expected: decodeCost(op) { (op.contextLengths[$0] + chunk - 1) / chunk })
    }

    // MARK: prefill attention

    /// Prefill on the xPU (the +PE attention co-processing runs it there), tiled by query rows
    /// and key ranges (`keyTile` nil: all visible keys), per KV head.
    static func prefillTiled(_ op: AttentionPrefillOperation, rowTile: Int, keyTile: Int?) -> PartitionPlan {
        let h = Int64(op.shape.queryHeads), hkv = Int64(op.shape.kvHeads), d = Int64(op.shape.headDim)
        var fragments: [PlanFragment] = []
        var cost = OperatorCost.zero
        for (r, length) in op.promptLengths.enumerated() {
            let t = Int64(length)
            cost.flops += 4 * h * d * t * (t + 1) / 2                        // causal: row i sees i + 1 keys
            for rows in chunks(length, of: rowTile) {
                let keyRanges = keyTile.map { chunks(rows.upperBound, of: $0) } ?? [0..<rows.upperBound]
                for keys in keyRanges {
                    for kv in 0..<op.shape.kvHeads {
                        fragments.append(PlanFragment(unit: .xpu, stack: 0, region: FragmentRegion(
                            requests: r..<r + 1, kvHeads: kv..<kv + 1, queryTokens: rows, keyTokens: keyTile == nil ? nil : keys)))
                    }
                    // Rows of this tile that see at least one key of this range: i >= keys.lowerBound.
                    let active = Int64(rows.clamped(to: keys.lowerBound..<Int.max).count)
                    cost.bytes.activationsIn += active * h * d * s
                    cost.bytes.kvCache += 2 * hkv * d * s * Int64(keys.count)
                    // Row i's visible keys 0...i lie inside this range (a final output) iff the
                    // range starts at 0 and i < its end; otherwise the row writes a partial.
                    for i in rows where i >= keys.lowerBound {
                        if keys.lowerBound == 0 && i < keys.upperBound {
                            cost.bytes.outputs += h * d * s
                        } else {
                            cost.bytes.partials += h * (d + 2) * s
                        }
                    }
                }
            }
        }
        return PartitionPlan(operatorName: "prefill-attention/xpu-tiled", operation: .attentionPrefill(op),
                             fragments: fragments, merge: keyTile == nil ? .concatenate : .onlineSoftmax,
                             storage: storage, expected: cost)
    }

    // MARK: MoE

    /// Analytic MoE accounting: experts in `whole` run unsplit, experts in `split` are cut into
    /// `parts` column ranges (one per stack or device).
    static func moeCost(_ op: MoEOperation, whole: [Int], split: [Int], parts: Int) -> OperatorCost {
        let m = Int64(op.activation.matrixCount), h = Int64(op.hidden), f = Int64(op.ffn)
        var cost = OperatorCost.zero
        for e in whole + split {
            let n = Int64(op.tokens(routedTo: e).count)
            guard n > 0 else { continue }
            let p = split.contains(e) ? Int64(parts) : 1
            cost.flops += 2 * m * n * h * f
            cost.bytes.weights += m * h * f * s
            cost.bytes.activationsIn += p * n * h * s           // each column part reads the tokens
            if p == 1 { cost.bytes.outputs += n * h * s } else { cost.bytes.partials += p * n * h * s }
        }
        return cost
    }

    static func moeGPU(_ op: MoEOperation) -> PartitionPlan {
        PartitionPlan(operatorName: "moe/gpu", operation: .moe(op),
                      fragments: [PlanFragment(unit: .gpu, stack: 0, region: FragmentRegion())],
                      merge: .sumPartials, storage: storage,
                      expected: moeCost(op, whole: Array(0..<op.experts), split: [], parts: 1))
    }

    /// Duplex (and, with `unit` bank-pim / devices, Bank-PIM and +ET): every expert's columns
    /// spread over `parts` stacks; partial sums reduced by the xPU.
    static func moeColumnSplit(_ op: MoEOperation, parts: Int, unit: ExecutionUnit, name: String) -> PartitionPlan {
        var fragments: [PlanFragment] = []
        for (stack, cols) in split(op.ffn, into: parts).enumerated() {
            fragments.append(PlanFragment(unit: unit, stack: stack, region: FragmentRegion(columns: cols)))
        }
        return PartitionPlan(operatorName: "moe/\(name)", operation: .moe(op), fragments: fragments,
                             merge: .sumPartials, storage: storage,
                             expected: moeCost(op, whole: [], split: Array(0..<op.experts), parts: parts))
    }

    /// Expert co-processing (+PE): the `pimCount` experts with the fewest tokens go to
    /// Logic-PIM (columns over `stacks` stacks), the rest stay whole on the xPU.
    static func moeCoProcessing(_ op: MoEOperation, pimCount: Int, stacks: Int = 5) -> PartitionPlan {
        let byTokens = (0..<op.experts).sorted {
            let a = op.tokens(routedTo: $0).count, b = op.tokens(routedTo: $1).count
            return a != b ? a < b : $0 < $1
        }
        let pim = Array(byTokens.prefix(pimCount)).sorted(), xpu = Array(byTokens.dropFirst(pimCount)).sorted()
        var fragments = [PlanFragment(unit: .xpu, stack: 0, region: FragmentRegion(experts: xpu))]
        for (stack, cols) in split(op.ffn, into: stacks).enumerated() {
            fragments.append(PlanFragment(unit: .logicPIM, stack: stack, region: FragmentRegion(columns: cols, experts: pim)))
        }
        return PartitionPlan(operatorName: "moe/duplex+pe", operation: .moe(op), fragments: fragments,
                             merge: .sumPartials, storage: storage,
                             expected: moeCost(op, whole: xpu, split: pim, parts: stacks))
    }

    /// Seeded top-k routing (uniform, distinct experts per token).
    static func routing(tokens: Int, experts: Int, topK: Int, seed: UInt64) -> [[Int]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<tokens).map { _ in
            var chosen: [Int] = []
            while chosen.count < topK {
                let e = Int(rng.next() % UInt64(experts))
                if !chosen.contains(e) { chosen.append(e) }
            }
            return chosen
        }
    }

    // MARK: GEMM

    /// An FC GEMM cut into row (token), column (output feature) and inner (reduction) parts;
    /// every row part reads the weights of its columns, every column part reads its rows.
    static func gemmSplit(_ op: GEMMOperation, rowParts: Int = 1, columnParts: Int, innerParts: Int) -> PartitionPlan {
        var fragments: [PlanFragment] = []
        for rows in split(op.m, into: rowParts) {
            for cols in split(op.n, into: columnParts) {
                for inner in split(op.k, into: innerParts) {
                    fragments.append(PlanFragment(unit: .xpu, stack: fragments.count, region: FragmentRegion(
                        rows: rowParts == 1 ? nil : rows, columns: columnParts == 1 ? nil : cols,
                        inner: innerParts == 1 ? nil : inner)))
                }
            }
        }
        let m = Int64(op.m), k = Int64(op.k), n = Int64(op.n)
        var cost = OperatorCost(flops: 2 * m * k * n)
        cost.bytes.activationsIn = Int64(columnParts) * m * k * s
        cost.bytes.weights = Int64(rowParts) * k * n * s
        if innerParts == 1 { cost.bytes.outputs = m * n * s } else { cost.bytes.partials = Int64(innerParts) * m * n * s }
        return PartitionPlan(operatorName: "gemm/\(rowParts)x\(columnParts)x\(innerParts)", operation: .gemm(op),
                             fragments: fragments, merge: innerParts == 1 ? .concatenate : .sumPartials,
                             storage: storage, expected: cost)
    }
}
