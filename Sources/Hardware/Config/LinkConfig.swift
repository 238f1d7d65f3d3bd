import Units

/// One interconnect: bandwidth per direction per device and one-hop latency.
public struct LinkConfig: Codable, Sendable, Equatable {
    /// Bandwidth in each direction per device (NVLink 4: 450 GB/s = 900 GB/s bidirectional).
    public var bandwidthPerDirection: Sourced<Bandwidth>
    /// Latency of one transfer step.
    public var latency: Sourced<SimTime>

    public init(bandwidthPerDirection: Sourced<Bandwidth>, latency: Sourced<SimTime>) {
        self.bandwidthPerDirection = bandwidthPerDirection
        self.latency = latency
    }

    public init(from decoder: Decoder) throws {
        var o = try StrictObject(decoder, allowed: ["bandwidthPerDirection", "latency"])
        let bandwidth = o.required("bandwidthPerDirection", Sourced<Bandwidth>.self)
        let latency = o.required("latency", Sourced<SimTime>.self)
        try o.finish()
        self.init(bandwidthPerDirection: bandwidth!, latency: latency!)
    }
}
