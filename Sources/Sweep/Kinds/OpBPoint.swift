import Hardware
import Workloads

/// A decoded, validated `opb` point.
public struct OpBPoint: Hashable, Sendable {
    public var model: ModelConfig
    public var plan: ParallelismPlan
    public var accounting: AccountingOptions
    public var routing: RoutingPolicy
    public var phase: OpBPhase
    public var scenario: BatchScenario
    public var samples: Int
    public var seed: UInt64?
    public var placement: RooflinePlacement
    public var xpu: RooflineUnit
    /// Nil for a system without a memory-side processor.
    public var memoryProcessor: RooflineUnit?
}
