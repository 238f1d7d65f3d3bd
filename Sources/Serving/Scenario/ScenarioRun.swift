/// One system of a scenario: a label for the reports, a system preset or file, a placement policy
/// and optionally a different device count.
public struct ScenarioRun: Codable, Hashable, Sendable {
    /// Unique within the scenario; the column name of the side-by-side table ("duplex", "gpu").
    public var label: String
    /// A preset name in Workloads/systems ("duplex") or a path to a system file.
    public var system: String
    /// `PlacementPolicy` name: gpu, duplex, duplex+pe, duplex+pe+et, bank-pim, bankgroup-pim.
    public var placement: String
    /// Devices to use instead of the system file's (e.g. 8 for the paper's "2xGPU"): nodes of
    /// up to `PaperDeployment.devicesPerNode` devices, filling a node first.
    public var devices: Int?

    public init(label: String, system: String, placement: String, devices: Int? = nil) {
        self.label = label
        self.system = system
        self.placement = placement
        self.devices = devices
    }
}
