/// The interconnects of a system: NVLink inside a node, InfiniBand between nodes.
public struct LinksConfig: Codable, Sendable, Equatable {
    public var nvlink: LinkConfig
    public var infiniband: LinkConfig

    public init(nvlink: LinkConfig, infiniband: LinkConfig) {
        self.nvlink = nvlink
        self.infiniband = infiniband
    }

    public init(from decoder: Decoder) throws {
        var o = try StrictObject(decoder, allowed: ["nvlink", "infiniband"])
        let nvlink = o.required("nvlink", LinkConfig.self)
        let infiniband = o.required("infiniband", LinkConfig.self)
        try o.finish()
        self.init(nvlink: nvlink!, infiniband: infiniband!)
    }
}
