import Hardware
import Serving
import Workloads

/// A decoded, validated `run` point: a one-run serving scenario with its model and system
/// configs. `scenario.seed` is the document's seed or 0 when the point seed is to be used
/// (`seedFixed`); the scenario has been resolved once (KV capacity, deployment) with it.
public struct RunPoint: Sendable {
    public var scenario: Scenario
    public var seedFixed: Bool
    public var model: ModelConfig
    public var system: SystemConfig
    /// The device-model cache key: the system config as canonical JSON and the device count.
    public var systemKey: String
}
