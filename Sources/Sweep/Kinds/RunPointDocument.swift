/// The scalar fields of a `run` point's JSON document (docs/sweeps.md, "run"): one run of a
/// serving scenario (docs/serving.md) with its `runs` entry lifted to the top level. The document
/// also holds `model` (a model config) and `system` (a system config), decoded by their own
/// strict decoders; normalisation inlines them when the base names a model or a preset.
public struct RunPointDocument: Codable, Hashable, Sendable {
    /// One line for reports (optional in a point; the scenario's `description`).
    public var description: String?
    /// `PlacementPolicy` name: gpu, duplex, duplex+pe, duplex+pe+et, bank-pim, bankgroup-pim.
    public var placement: String
    /// Devices instead of the system's count (nodes of up to 8 filled first).
    public var devices: Int?
    /// Maximum requests per stage (before any KV-cache reduction).
    public var batch: Int
    /// Nominal prompt length Lin (tokens).
    public var lin: Int
    /// Nominal output length Lout (tokens).
    public var lout: Int
    /// Gaussian length spread as a fraction of the nominal; absent or 0 for fixed lengths.
    public var lengthSpread: Double?
    /// Requests served (closed or open loop).
    public var requests: Int
    /// Poisson arrival rate (requests per second); absent for a closed loop.
    public var qps: Double?
    /// "uniform" (default), "zipf:<s>" or a routing-trace CSV.
    public var routing: String?
    /// Seed of lengths, arrivals and routing; absent: the point's seed (derived from the sweep
    /// seed and the point id). Fix it for common random numbers across hardware axes.
    public var seed: UInt64?
    /// Closed loop only: a steady-state window of this many stages.
    public var steadyStateStages: Int?

    enum CodingKeys: String, CodingKey {
        case description, placement, devices, batch, lin, lout, lengthSpread = "length_spread", requests, qps
        case routing, seed, steadyStateStages = "steady_state_stages"
    }
}
