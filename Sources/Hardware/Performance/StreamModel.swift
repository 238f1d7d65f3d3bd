import Units

/// Achieved bandwidth of STREAM-like kernels on one GPU.
///
///     BW(kind, occupancy 1) = BW_triad * ratio(kind)          (ratio(triad) = 1)
///     BW(kind, occupancy f) = min( BW(kind, 1), f * accesses(kind) * BW_access )   (Little's law)
///
/// `BW_triad` is the GPU's measured triad (one fit row per GPU), `ratio` is shared by all GPUs
/// (fitted on the GPUs whose other kinds are fit rows), `BW_access` is the bandwidth one access
/// stream sustains per unit occupancy (fitted on a reduced-occupancy row). Never above peak.
public struct StreamModel: Sendable, Equatable {
    public let spec: GPUSpec
    public let triadBandwidth: Bandwidth
    /// Bandwidth of each non-triad kind relative to triad.
    public let ratios: [StreamKind: Double]
    /// Little's-law bandwidth per access stream per unit occupancy; nil when not calibrated.
    public let bandwidthPerAccess: Bandwidth?

    public init(spec: GPUSpec, triadBandwidth: Bandwidth, ratios: [StreamKind: Double], bandwidthPerAccess: Bandwidth?) {
        self.spec = spec
        self.triadBandwidth = triadBandwidth
        self.ratios = ratios
        self.bandwidthPerAccess = bandwidthPerAccess
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
        if occupancy < 1 {
            guard let perAccess = bandwidthPerAccess else {
                throw CalibrationError.missingParameter(gpu: spec.name, parameter: "stream_bandwidth_per_access", calibrated: [])
            }
            achieved = min(achieved, perAccess * (occupancy * Double(kind.accessesPerElement)))
        }
        return min(achieved, spec.hbmBandwidth)
    }
}
