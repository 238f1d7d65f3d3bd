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
        let p = tilePlan(op, unit: unit, dtype: dtype, interleaved: mask.nonzeroBitCount > 1)
        let plan = tilePlans.plans[p]
        // Attention fragments rotate over the stacks with the request.
        var rotation = 0
        if case .attention(let a) = op.shape { rotation = ((op.request ?? op.id) * a.kvHeads) % system.stacks }
        let stacks = system.stacks, groups = self.groups, layout = groupLayout
        let now = events.now.picoseconds, readyTime = ready.picoseconds
        var start = SimTime.max.picoseconds, end = SimTime.zero.picoseconds
        var until = bookedUntil.picoseconds
        var booked: Int64 = 0
        tilePlans.chains.withUnsafeBufferPointer { chains in
            tilePlans.tiles.withUnsafeBufferPointer { tiles in
                for d in bookedDevices(range) {
                    var deviceEnd = readyTime
                    for c in Int(plan.chainStart)..<Int(plan.chainEnd) {
                        let chain = chains[c]
                        var at = readyTime
                        let stack = (Int(chain.stack) + rotation) % stacks
                        // The chain's resource groups (the stack's units with the mask's bundles; its softmax unit).
                        let units = layout.tileGroup(device: d, stack: stack, mask: mask)
                        let softmax = layout.softmaxGroup(device: d, stack: stack)
                        for t in Int(chain.tileStart)..<Int(chain.tileEnd) {
                            let tile = tiles[t]
                            let interval = groups.reserve(tile.softmax ? softmax : units, for: tile.duration, notBefore: at, now: now)
                            booked += 1
                            if interval.end > until { until = interval.end }
                            start = min(start, interval.start)
                            at = interval.end
                        }
                        deviceEnd = max(deviceEnd, at)
                    }
                    if plan.reductionBytes.bytes > 0 {
                        let interval = groups.reserve(layout.xpuGroup(device: d, mask: mask), for: plan.reductionTime.picoseconds,
                                                      notBefore: deviceEnd, now: now)
                        booked += 1
                        if interval.end > until { until = interval.end }
                        deviceEnd = interval.end
                    }
                    end = max(end, deviceEnd)
                }
            }
        }
        // Lockstep: the devices not booked received the same bookings (ReplayRun+Lockstep.swift).
        bookings += booked * Int64(bookedDevices(range).count == range.count ? 1 : range.count)
        bookedUntil = SimTime(picoseconds: until)
        let memoryProcessorBytes = plan.memoryProcessorBytes
        var energy = system.localEnergy(bytes: memoryProcessorBytes, by: unit, flops: op.cost.flops)
        energy.dram = energy.dram + system.energy.dram(plan.reductionBytes, by: .xpu)
        energy.sram = system.energy.sram(memoryProcessorBytes + plan.reductionBytes)
        return TimedOperator(unit: unit, start: SimTime(picoseconds: start), end: SimTime(picoseconds: end),
                             movedBytes: memoryProcessorBytes + plan.reductionBytes, energyPerShard: energy)
    }

    /// The index in `tilePlans` of `op`'s tile plan: the workspace's flattened copy, made on
    /// first use from the system's shared cache (`cachedTilePlan`).
    private func tilePlan(_ op: Operator, unit: ExecutionUnit, dtype: DataType, interleaved: Bool) -> Int {
        let key = ShapeKey(shape: op.shape, dtype: op.dtype, interleaved: interleaved)
        let fingerprint = TilePlanTable.fingerprint(key)
        if let found = tilePlans.find(key, fingerprint: fingerprint) { return found }
        let plan = cachedTilePlan(op, unit: unit, dtype: dtype, interleaved: interleaved)
        let reductionTime = plan.reductionBytes.bytes > 0 ? system.xpu.gemm.bandwidth.transferTime(plan.reductionBytes) : .zero
        return tilePlans.add(plan, key: key, fingerprint: fingerprint, reductionTime: reductionTime)
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
