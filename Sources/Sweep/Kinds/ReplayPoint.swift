import Hardware

/// A decoded, validated `replay` point: the stage workload and the device placement.
public struct ReplayPoint: Sendable {
    public var workload: StageWorkload
    public var placement: Placement
    public var memoryRates: DeviceSystemModel.MemoryRates
    /// The system config as canonical JSON: the key of the device-model cache.
    public var systemKey: String
}
