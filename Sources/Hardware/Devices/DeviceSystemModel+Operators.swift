import Units
import Workloads

extension DeviceSystemModel {
    /// Time of `op` (one shard) on the xPU alone: the calibrated model (GEMMs with wave
    /// quantisation and the GEMV floor; an FFN as its gate/up and down GEMMs; norms and routers
    /// as streaming kernels of the operator's exact bytes and FLOPs), never below the physics
    /// floor of the operator's IR bytes and FLOPs. Attention is one operator per request in the
    /// IR but one batched kernel per layer on a GPU, so a request's attention is charged the
    /// streaming kernel's bandwidth and compute terms without the per-kernel overhead t0.
    public func xpuTime(_ op: Operator, dtype: DataType) -> SimTime {
        let modelled: SimTime
        switch op.shape {
        case .gemm(let s):
            modelled = xpu.gemmTime(m: Int64(s.tokens), k: Int64(s.inFeatures), n: Int64(s.outFeatures), dtype: dtype)
        case .ffn(let s):
            let t = Int64(s.tokens), h = Int64(s.hidden), f = Int64(s.ffn)
            modelled = xpu.gemmTime(m: t, k: h, n: f, dtype: dtype) * (s.kind.matrixCount - 1) + xpu.gemmTime(m: t, k: f, n: h, dtype: dtype)
        case .attention:
            let gemm = xpu.gemm
            let seconds = max(Double(op.cost.memory.total.bytes) / gemm.bandwidth.bytesPerSecond,
                              Double(op.cost.flops.flops) / (gemm.spec.peak(dtype).flopsPerSecond * gemm.computeEfficiency))
            modelled = SimTime(secondsRoundingUp: seconds)
        case .norm, .router, .collective:
            modelled = xpu.gemm.streamingKernelTime(bytes: op.cost.memory.total, flops: op.cost.flops, dtype: dtype)
        }
        return max(modelled, physicsFloor(unit: .xpu, bytes: op.cost.memory.total, flops: op.cost.flops, dtype: dtype))
    }

    /// Energy of one shard of work that moved `bytes` through `unit`'s DRAM path and did `flops`
    /// (DRAM, compute, SRAM staging; no links).
    func localEnergy(bytes: ByteCount, by unit: ExecutionUnit, flops: FLOPCount) -> EnergyBreakdown {
        EnergyBreakdown(dram: energy.dram(bytes, by: unit), compute: energy.compute(flops), sram: energy.sram(bytes))
    }

    /// Time of a memory-side tile on one stack: the larger of its bytes through the path and
    /// its FLOPs at the stack's peak (double-buffered operands overlap the two).
    func tileTime(unit: ExecutionUnit, bytes: ByteCount, flops: FLOPCount, interleaved: Bool) -> SimTime {
        guard let rate = memoryProcessorStackFLOPS else { preconditionFailure("no memory-side processor") }
        return max(memory.rate(for: unit, interleaved: interleaved).time(bytes), rate.computeTime(flops))
    }
}
