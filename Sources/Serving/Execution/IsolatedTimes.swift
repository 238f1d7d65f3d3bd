import Hardware
import Units
import Workloads

/// The isolated times a `DeviceStageExecutor` has measured. The key holds every field of the
/// operator the replay reads (all but id, stage, layer and dependencies; the id only where a
/// decode attention without a request places its data by it), the target and the plan.
final class IsolatedTimes {
    struct Key: Hashable {
        var kind: OperatorKind
        var dtype: DType
        var shards: Int
        var shape: OperatorShape
        var expert: Int?
        var request: Int?
        var target: PlacementTarget
        var plan: ParallelismPlan

        init(op: Operator, target: PlacementTarget, plan: ParallelismPlan) {
            kind = op.kind
            dtype = op.dtype
            shards = op.shards
            shape = op.shape
            expert = op.expert
            request = op.kind == .attention ? (op.request ?? op.id) : op.request
            self.target = target
            self.plan = plan
        }
    }

    var times: [Key: SimTime] = [:]
}
