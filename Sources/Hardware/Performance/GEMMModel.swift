import Units

/// Time of a tensor-core GEMM on one GPU: a roofline with a fixed overhead, an effective
/// bandwidth, and wave quantisation of the compute side.
///
///     t = t0 + max( bytes / BW_eff ,  min over tiles T of  waves(T) * FLOPs(T) / (peak / SMs * eta) )
///     waves(T) = ceil( ceil(M / T.rows) * ceil(N / T.columns) / SMs ),  FLOPs(T) = 2 * T.rows * T.columns * K
///
/// `t0` is the small-kernel (GEMV) floor, `BW_eff` the achieved weight-streaming bandwidth (both
/// fitted on two memory-bound rows), `eta` the sustained fraction of the per-SM tensor peak
/// (fitted on the compute-bound rows). Tile candidates come from gpus.csv. The result is never
/// below the physics floor max(bytes / peak bandwidth, FLOPs / peak FLOPS). Equations and fits:
/// docs/validation.md. Complexity O(tiles).
public struct GEMMModel: Sendable, Equatable {
    public let spec: GPUSpec
    /// Fixed time per kernel, seconds.
    public let overheadSeconds: Double
    public let bandwidth: Bandwidth
    /// Sustained fraction of the per-SM peak, in (0, 1].
    public let computeEfficiency: Double

    public init(spec: GPUSpec, overheadSeconds: Double, bandwidth: Bandwidth, computeEfficiency: Double) {
        precondition(overheadSeconds >= 0 && bandwidth.bytesPerSecond > 0, "GEMM model of \(spec.name): bad overhead or bandwidth")
        precondition(computeEfficiency > 0 && computeEfficiency <= 1, "GEMM model of \(spec.name): efficiency must be in (0, 1]")
        self.spec = spec
        self.overheadSeconds = overheadSeconds
        self.bandwidth = bandwidth
        self.computeEfficiency = computeEfficiency
    }

    /// Compulsory traffic of C = A B: read A (m x k) and B (k x n), write C (m x n).
    public static func bytes(m: Int64, k: Int64, n: Int64, dtype: DataType) -> ByteCount {
        ByteCount(bytes: dtype.bytesPerElement * (m * k + k * n + m * n))
    }

    /// 2 m k n.
    public static func flops(m: Int64, k: Int64, n: Int64) -> FLOPCount { FLOPCount.macs(m * k * n) }

    /// Model time in seconds before rounding and the physics floor.
    func seconds(m: Int64, k: Int64, n: Int64, dtype: DataType) -> Double {
        let memory = Double(GEMMModel.bytes(m: m, k: k, n: n, dtype: dtype).bytes) / bandwidth.bytesPerSecond
        return overheadSeconds + max(memory, computeSeconds(m: m, k: k, n: n, dtype: dtype))
    }

    /// The wave-quantised compute time of the best tile, seconds.
    func computeSeconds(m: Int64, k: Int64, n: Int64, dtype: DataType) -> Double {
        let sms = Int64(spec.smCount)
        let perSM = spec.peak(dtype).flopsPerSecond / Double(sms) * computeEfficiency
        var best = Double.infinity
        for tile in spec.gemmTiles {
            let tiles = ((m + tile.rows - 1) / tile.rows) * ((n + tile.columns - 1) / tile.columns)
            let waves = (tiles + sms - 1) / sms
            best = min(best, Double(waves) * 2 * Double(tile.rows * tile.columns) * Double(k) / perSM)
        }
        return best
    }

    /// Time of C[m x n] = A[m x k] B[k x n], rounded up to a picosecond, never below physics.
    public func time(m: Int64, k: Int64, n: Int64, dtype: DataType) -> SimTime {
        precondition(m > 0 && k > 0 && n > 0, "GEMM dimensions must be positive, got \(m)x\(k)x\(n)")
        let floor = spec.physicalFloor(bytes: GEMMModel.bytes(m: m, k: k, n: n, dtype: dtype),
                                       flops: GEMMModel.flops(m: m, k: k, n: n), dtype: dtype)
        return max(SimTime(secondsRoundingUp: seconds(m: m, k: k, n: n, dtype: dtype)), floor)
    }

    /// A memory-bound kernel (batched GEMV, decode attention) moving `bytes` and doing `flops`:
    /// t0 + max(bytes / BW_eff, FLOPs / (peak * eta)), never below physics.
    public func streamingKernelTime(bytes: ByteCount, flops: FLOPCount, dtype: DataType) -> SimTime {
        let seconds = overheadSeconds + max(Double(bytes.bytes) / bandwidth.bytesPerSecond,
                                            Double(flops.flops) / (spec.peak(dtype).flopsPerSecond * computeEfficiency))
        return max(SimTime(secondsRoundingUp: seconds), spec.physicalFloor(bytes: bytes, flops: flops, dtype: dtype))
    }
}
