import SimKernel
import Workloads

/// Everything a stage's operator list depends on: it is hardware-independent, so design points
/// that differ only in hardware share it through a `MemoCache`.
struct StageKey: Hashable, Sendable {
    var model: ModelConfig
    var plan: ParallelismPlan
    var accounting: AccountingOptions
    var routing: RoutingPolicy
    var seed: UInt64
    var phase: OpBPhase
    var scenario: BatchScenario
    var sample: Int
}
