import Hardware
import Workloads

/// The decoded common part of a stage point (`opb`, and the device-level kinds): a model stage,
/// its deployment, accounting and routing, the placement name (each kind interprets it) and the
/// system config.
public struct StageWorkload: Equatable, Sendable {
    public var model: ModelConfig
    public var plan: ParallelismPlan
    public var accounting: AccountingOptions
    public var routing: RoutingPolicy
    public var phase: OpBPhase
    public var scenario: BatchScenario
    public var samples: Int
    /// The document's routing seed; nil: use the point's seed.
    public var seed: UInt64?
    public var placement: String
    /// The document's `memoryRates` (nil when absent; only `replay` accepts it).
    public var memoryRates: String?
    public var system: SystemConfig
}
