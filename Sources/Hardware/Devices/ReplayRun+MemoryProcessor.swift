import Units
import Workloads

extension ReplayRun {
    /// Books one shard of `op` on the memory-side processor of each of its devices, split into
    /// per-stack tiles (docs/devices.md):
    ///
    /// - attention: one fragment per KV head (its GQA group shares one K and one V read), on
    ///   stack (request x kvHeads + head) mod stacks; each fragment is a score tile (K read,
    ///   2 E d FLOPs), a softmax tile on the stack's softmax unit (E elements), a context tile
    ///   (V read, 2 E d FLOPs);
    /// - FFN (experts): columns split over the stacks; per stack a gate/up tile and a down tile
    ///   writing partial sums, then one xPU tile that reads the partials and writes the sum;
    /// - GEMM: output columns split over the stacks (each stack reads the whole input);
    /// - anything else: bytes and FLOPs split evenly over the stacks.
    func bookMemoryProcessor(_ op: Operator, unit: ExecutionUnit, dtype: DataType, ready: SimTime) -> TimedOperator {
        var mask = spaceMask(of: op)
        if unit == .bankPIM {
            // All-bank commands open every bank of a rank: both bundles of the rank.
            for b in 0..<system.memory.bundleSpaces where mask & (1 << b) != 0 { mask |= 1 << (b ^ 1) }
        }
        let plan = tilePlan(op, dtype: dtype)
        var start = SimTime.max, end = SimTime.zero
        for d in deviceRange(of: op) {
            let device = devices[d]
            var deviceEnd = ready
            for chain in plan.chains {
                var at = ready
                for tile in chain.tiles {
                    let booked: (start: SimTime, end: SimTime)
                    switch tile.kind {
                    case .compute:
                        booked = reserve(device.tileBookings[chain.stack][mask],
                                         for: system.tileTime(unit: unit, bytes: tile.bytes, flops: tile.flops), notBefore: at)
                    case .softmax(let elements):
                        booked = reserve([device.softmax[chain.stack]], for: system.softmaxTime(elements), notBefore: at)
                    }
                    start = min(start, booked.start)
                    at = booked.end
                }
                deviceEnd = max(deviceEnd, at)
            }
            if plan.reductionBytes.bytes > 0 {
                let booked = reserve(device.xpuBookings[mask], for: system.xpu.gemm.bandwidth.transferTime(plan.reductionBytes),
                                     notBefore: deviceEnd)
                deviceEnd = booked.end
            }
            end = max(end, deviceEnd)
        }
        var energy = system.localEnergy(bytes: plan.memoryProcessorBytes, by: unit, flops: op.cost.flops)
        energy.dram = energy.dram + system.energy.dram(plan.reductionBytes, by: .xpu)
        energy.sram = system.energy.sram(plan.memoryProcessorBytes + plan.reductionBytes)
        return TimedOperator(unit: unit, start: start, end: end, movedBytes: plan.memoryProcessorBytes + plan.reductionBytes,
                             energyPerShard: energy)
    }

    /// The tiles of one shard of `op` on the memory-side processor.
    func tilePlan(_ op: Operator, dtype: DataType) -> MemoryProcessorTilePlan {
        let stacks = system.stacks
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
            let request = op.request ?? op.id
            for h in 0..<a.kvHeads {
                let half = MemoryProcessorTilePlan.Tile(kind: .compute, bytes: ByteCount(bytes: keys + queries + scores),
                                                        flops: .macs(e * d))
                chains.append(.init(stack: (request * a.kvHeads + h) % stacks,
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
        return MemoryProcessorTilePlan(chains: chains, reductionBytes: reduction)
    }
}

/// How one operator shard is split for a memory-side processor: chains of tiles (each chain on
/// one stack, its tiles in order) and the bytes of the xPU's final reduction (0 when none).
struct MemoryProcessorTilePlan {
    struct Tile {
        enum Kind { case compute, softmax(elements: Int64) }
        var kind: Kind
        var bytes: ByteCount
        var flops: FLOPCount
    }
    struct Chain {
        var stack: Int
        var tiles: [Tile]
    }
    var chains: [Chain]
    var reductionBytes: ByteCount

    /// Bytes the memory-side units move (all tiles).
    var memoryProcessorBytes: ByteCount {
        chains.reduce(.zero) { total, chain in chain.tiles.reduce(total) { $0 + $1.bytes } }
    }
}
