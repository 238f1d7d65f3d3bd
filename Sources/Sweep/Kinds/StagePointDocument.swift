/// The scalar fields of a stage point's JSON document (`opb` and the device-level kinds) (docs/sweeps.md): a model stage, its
/// deployment and accounting, and a placement. The document also holds `model` (a model config,
/// docs/workloads.md) and `system` (a system config, docs/hardware.md), decoded by their own
/// strict decoders.
///
/// `system` may be a preset name in the spec's base ("duplex") and `model` a model name;
/// normalisation inlines their files so axis paths such as `system.device.memoryProcessor.clock`
/// or `model.kv_heads` address their fields, and so a point's id covers their contents.
public struct StagePointDocument: Codable, Hashable, Sendable {
    /// "decode" or "mixed".
    public var phase: String
    public var batch: Int
    /// Prompt length Lin (tokens).
    public var lin: Int
    /// Output length Lout (tokens).
    public var lout: Int
    /// Stages sampled (independent routing each).
    public var samples: Int
    /// "paper", "fused" or "materialized".
    public var accounting: String
    /// "uniform", "zipf:<s>" or a routing-trace CSV path.
    public var routing: String
    /// `RooflinePlacement` raw value.
    public var placement: String
    /// Routing seed; absent: the point's seed (derived from the sweep seed and the point id).
    /// Fix it for common random numbers across hardware axes.
    public var seed: UInt64?
    /// Deployment overrides, as `duplexsim opb --devices/--tp/--ep/--expert-tp`.
    public var devices: Int?
    public var tp: Int?
    public var ep: Int?
    public var expertTp: Int?
    /// `replay` only: where the memory-side processor's path rates come from, "dram" (measured on
    /// the command-level DRAM model of the system's HBM preset; the default) or "peak" (the
    /// config's internal bandwidth: multiplier x HBM bandwidth, so the TSV multiplier matters).
    public var memoryRates: String?
}
