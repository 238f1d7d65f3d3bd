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
    ///
    /// `range`: the operator's devices.
    func bookMemoryProcessor(_ op: Operator, on range: Range<Int>, unit: ExecutionUnit, dtype: DataType, ready: SimTime) -> TimedOperator {
        var mask = spaceMask(of: op)
        if unit == .bankPIM {
            // All-bank commands open every bank of a rank: both bundles of the rank.
            for b in 0..<system.memory.bundleSpaces where mask & (1 << b) != 0 { mask |= 1 << (b ^ 1) }
        }
        let plan = cachedTilePlan(op, unit: unit, dtype: dtype, interleaved: mask.nonzeroBitCount > 1)
        // Attention fragments rotate over the stacks with the request.
        var rotation = 0
        if case .attention(let a) = op.shape { rotation = ((op.request ?? op.id) * a.kvHeads) % system.stacks }
        var start = SimTime.max, end = SimTime.zero
        for d in range {
            let device = devices[d]
            var deviceEnd = ready
            for chain in plan.chains {
                var at = ready
                let stack = (chain.stack + rotation) % system.stacks
                // The chain's resources, fetched once for all its tiles.
                let units = device.tileBookings[stack][mask]
                for tile in chain.tiles {
                    let booked: (start: SimTime, end: SimTime)
                    switch tile.kind {
                    case .compute:
                        booked = reserve(units, for: tile.duration, notBefore: at)
                    case .softmax:
                        booked = reserve(device.softmax[stack], for: tile.duration, notBefore: at)
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
        // Summed once (it walks every tile of every chain).
        let memoryProcessorBytes = plan.memoryProcessorBytes
        var energy = system.localEnergy(bytes: memoryProcessorBytes, by: unit, flops: op.cost.flops)
        energy.dram = energy.dram + system.energy.dram(plan.reductionBytes, by: .xpu)
        energy.sram = system.energy.sram(memoryProcessorBytes + plan.reductionBytes)
        return TimedOperator(unit: unit, start: start, end: end, movedBytes: memoryProcessorBytes + plan.reductionBytes,
                             energyPerShard: energy)
    }

    /// The tile plan of `op`'s shape, computed once per (shape, dtype) on this system
    /// (`DeviceSystemModel.kernelCosts`).
    func cachedTilePlan(_ op: Operator, unit: ExecutionUnit, dtype: DataType, interleaved: Bool) -> MemoryProcessorTilePlan {
        let key = ShapeKey(shape: op.shape, dtype: op.dtype, interleaved: interleaved)
        return system.kernelCosts.tilePlans.value(for: key) {
            system.memoryProcessorTilePlan(op, unit: unit, dtype: dtype, interleaved: interleaved)
        }
    }
}

/// How one operator shard is split for a memory-side processor: chains of tiles (each chain on
/// one stack, its tiles in order) and the bytes of the xPU's final reduction (0 when none).
struct MemoryProcessorTilePlan: Sendable {
    struct Tile {
        enum Kind { case compute, softmax(elements: Int64) }
        var kind: Kind
        var bytes: ByteCount
        var flops: FLOPCount
        /// Set when the plan is built (`tileTime` or `softmaxTime`).
        var duration: SimTime = .zero
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
