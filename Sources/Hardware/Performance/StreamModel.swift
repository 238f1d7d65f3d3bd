import Units

/// Achieved bandwidth of STREAM-like kernels on one GPU.
///
///     BW(kind, f) = min( BW_triad * ratio(kind),  f * SMs * BW_load * accesses(kind) )   if kind loads
///     BW(kind, f) = BW_triad * ratio(kind)                                              if it only stores
///
/// `BW_triad` is the GPU's measured triad at full occupancy (one fit row per GPU; ratio(triad) = 1),
/// `ratio` is shared by all GPUs (fitted on the GPUs whose other kinds are fit rows). The second
/// term is Little's law: a warp waits for its loads but not for its stores (stores are posted),
/// so at occupancy f (fraction of the resident warps) each SM keeps f * loads(kind) load streams
/// in flight, each sustaining `BW_load` of load bytes (bytes in flight / memory latency, fitted on
/// a reduced-occupancy row, assumed equal on every GPU); the stores ride along at
/// stores/loads times that rate. Never above the datasheet peak.
public struct StreamModel: Sendable, Equatable {
    public let spec: GPUSpec
    public let triadBandwidth: Bandwidth
    /// Bandwidth of each non-triad kind relative to triad.
    public let ratios: [StreamKind: Double]
    /// Little's-law bandwidth of one access stream of one SM at full occupancy; nil when not calibrated.
    public let bandwidthPerAccessPerSM: Bandwidth?

    public init(spec: GPUSpec, triadBandwidth: Bandwidth, ratios: [StreamKind: Double], bandwidthPerAccessPerSM: Bandwidth?) {
        self.spec = spec
        self.triadBandwidth = triadBandwidth
        self.ratios = ratios
        self.bandwidthPerAccessPerSM = bandwidthPerAccessPerSM
    }

    /// The Little's-law ceiling of `kind` at `occupancy`: nil when not calibrated or when the
    /// kernel only stores. Load bytes f * SMs * loads * BW_load, times (loads + stores) / loads.
    public func latencyBound(_ kind: StreamKind, occupancy: Double) -> Bandwidth? {
        guard let perSM = bandwidthPerAccessPerSM, kind.loadsPerElement > 0 else { return nil }
        return perSM * (occupancy * Double(kind.accessesPerElement) * Double(spec.smCount))
    }

    /// Achieved bandwidth of `kind` at `occupancy` (fraction of the maximum resident warps).
    public func bandwidth(_ kind: StreamKind, occupancy: Double = 1) throws(CalibrationError) -> Bandwidth {
        precondition(occupancy > 0 && occupancy <= 1, "occupancy must be in (0, 1], got \(occupancy)")
        let ratio: Double
        if kind == .triad {
            ratio = 1
        } else if let r = ratios[kind] {
            ratio = r
        } else {
            throw CalibrationError.missingParameter(gpu: spec.name, parameter: "stream_ratio [\(kind.rawValue)]", calibrated: [])
        }
        var achieved = triadBandwidth * ratio
        if let bound = latencyBound(kind, occupancy: occupancy) {
            achieved = min(achieved, bound)
        } else if occupancy < 1, kind.loadsPerElement > 0 {
            throw CalibrationError.missingParameter(gpu: spec.name, parameter: "stream_bandwidth_per_access_per_sm", calibrated: [])
        }
        return min(achieved, spec.hbmBandwidth)
    }
}
