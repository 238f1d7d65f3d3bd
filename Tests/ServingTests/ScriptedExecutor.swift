import Hardware
import Units
import Workloads
@testable import Serving

/// Test-only executor double: a stage takes `base + perToken x new tokens + perContext x context
/// tokens`, spread evenly over its operators in order (one after another); each operator spends
/// 1 pJ of DRAM energy per byte and 1 pJ of compute per kFLOP, times its shards. Isolated expert
/// times: xPU `expertFixed + expertPerTokenXPU x tokens`, PIM `expertPerTokenPIM x tokens`.
/// It is a script for checking the scheduler and metrics by hand, not a hardware model.
struct ScriptedExecutor: StageExecutor {
    var base: SimTime = .ms(10)
    var perToken: SimTime = .zero
    var perContext: SimTime = .zero
    var expertFixed: SimTime = .us(100)
    var expertPerTokenXPU: SimTime = .us(1)
    var expertPerTokenPIM: SimTime = .us(10)
    /// Every stage seen, in order.
    var seen: [StageWork] = []
    var keepWork = false
    var isolatedCalls = 0

    mutating func execute(_ work: StageWork) throws -> StageExecution {
        if keepWork { seen.append(work) }
        let contexts = work.stage.requests.reduce(0) { $0 + $1.contextTokens }
        let duration = base + perToken * Int64(work.stage.tokens) + perContext * Int64(contexts)
        let count = Int64(work.operators.count)
        let slice = duration.picoseconds / count
        var runs: [OperatorExecution] = []
        runs.reserveCapacity(work.operators.count)
        for (index, op) in work.operators.enumerated() {
            let start = SimTime(picoseconds: slice * Int64(index))
            let end = index == work.operators.count - 1 ? duration : start + SimTime(picoseconds: slice)
            let total = op.totalCost
            let energy = EnergyComponents(dram: Energy(picojoules: Double(total.memory.total.bytes)),
                                          compute: Energy(picojoules: Double(total.flops.flops) / 1000),
                                          communication: Energy(picojoules: Double(total.networkSent.bytes)))
            runs.append(OperatorExecution(operatorID: op.id, unit: work.placement.assignments[index].unit, start: start, end: end, energy: energy))
        }
        return StageExecution(duration: duration, operators: runs)
    }

    mutating func isolatedTime(of op: Operator, on unit: ExecutionUnit, plan: ParallelismPlan) throws -> SimTime {
        guard case .ffn(let shape) = op.shape else { fatalError("only experts are timed in isolation") }
        isolatedCalls += 1
        let tokens = Int64(shape.tokens)
        return unit.isMemoryProcessor ? expertPerTokenPIM * tokens : expertFixed + expertPerTokenXPU * tokens
    }
}
