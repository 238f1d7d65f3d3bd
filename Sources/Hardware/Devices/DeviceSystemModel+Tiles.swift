import Units
import Workloads

extension DeviceSystemModel {
    /// The tiles of one shard of `op` on the memory-side processor, with their durations.
    /// Attention chains are given for request 0 (the caller rotates them over the stacks).
    /// `interleaved`: the operator's data is striped over several bundle spaces.
    func memoryProcessorTilePlan(_ op: Operator, unit: ExecutionUnit, dtype: DataType, interleaved: Bool) -> MemoryProcessorTilePlan {
        let s = op.dtype.bytesPerElement
        var chains: [MemoryProcessorTilePlan.Chain] = []
        var reduction = ByteCount.zero
        /// Columns of `total` that stack `i` gets (the remainder to the first stacks).
        func share(_ total: Int64, _ i: Int) -> Int64 { total / Int64(stacks) + (Int64(i) < total % Int64(stacks) ? 1 : 0) }
        switch op.shape {
        case .attention(let a):
            let e = a.scoreElementsPerKVHead, d = Int64(a.headDim), g = Int64(a.groupSize), n = Int64(a.newTokens)
            let keys = Int64(a.contextTokens) * d * s, queries = g * n * d * s
            let scores = a.scores == .materialized ? e * s : 0
            for h in 0..<a.kvHeads {
                let half = MemoryProcessorTilePlan.Tile(kind: .compute, bytes: ByteCount(bytes: keys + queries + scores),
                                                        flops: .macs(e * d))
                chains.append(.init(stack: h % stacks,
                                    tiles: [half, .init(kind: .softmax(elements: e), bytes: .zero, flops: .zero), half]))
            }
        case .ffn(let f):
            let t = Int64(f.tokens), h = Int64(f.hidden), m = f.kind.matrixCount, columns = Int64(f.ffn)
            let intermediate = op.cost.memory.intermediate.bytes
            var used: Int64 = 0
            for i in 0..<stacks {
                let c = share(columns, i)
                guard c > 0 else { continue }
                used += 1
                let inter = intermediate * c / columns
                let up = MemoryProcessorTilePlan.Tile(kind: .compute, bytes: ByteCount(bytes: (m - 1) * h * c * s + t * h * s + inter / 2),
                                                      flops: .macs((m - 1) * t * h * c))
                let down = MemoryProcessorTilePlan.Tile(kind: .compute, bytes: ByteCount(bytes: h * c * s + t * h * s + inter - inter / 2),
                                                        flops: .macs(t * c * h))
                chains.append(.init(stack: i, tiles: [up, down]))
            }
            reduction = ByteCount(bytes: (used + 1) * t * h * s)
        case .gemm(let g):
            let m = Int64(g.tokens), k = Int64(g.inFeatures), n = Int64(g.outFeatures)
            for i in 0..<stacks {
                let c = share(n, i)
                guard c > 0 else { continue }
                chains.append(.init(stack: i, tiles: [.init(kind: .compute, bytes: ByteCount(bytes: k * c * s + m * k * s + m * c * s),
                                                            flops: .macs(m * k * c))]))
            }
        case .norm, .router, .collective:
            let bytes = op.cost.memory.total.bytes, flops = op.cost.flops.flops
            for i in 0..<stacks {
                chains.append(.init(stack: i, tiles: [.init(kind: .compute, bytes: ByteCount(bytes: share(bytes, i)),
                                                            flops: FLOPCount(flops: share(flops, i)))]))
            }
        }
        for c in chains.indices {
            for t in chains[c].tiles.indices {
                let tile = chains[c].tiles[t]
                switch tile.kind {
                case .compute: chains[c].tiles[t].duration = tileTime(unit: unit, bytes: tile.bytes, flops: tile.flops, interleaved: interleaved)
                case .softmax(let elements): chains[c].tiles[t].duration = softmaxTime(elements)
                }
            }
        }
        return MemoryProcessorTilePlan(chains: chains, reductionBytes: reduction)
    }
}
