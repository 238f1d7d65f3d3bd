import Hardware
import Units
import Workloads

/// The lookup table of expert co-processing (reference: "after the gate, a lookup table gives
/// each expert's time on each unit as a function of its token count"): the isolated time of one
/// expert FFN on the xPU and on the PIM, measured once per token count through the executor's
/// device models and memoised for the whole run. All experts of a model share one shape, so the
/// token count is the key.
///
/// Storage: per unit, an array indexed by token count (a lookup is an index, no hashing).
public struct ExpertCostTable: Sendable {
    /// Measured times of one unit, `times[tokens]` (nil: not measured yet).
    private struct UnitTimes: Sendable {
        let unit: ExecutionUnit
        var times: [SimTime?] = []
    }

    /// One entry per unit asked for, in first-use order (a run uses two).
    private var units: [UnitTimes] = []

    public init() {}

    /// Entries measured so far.
    public var count: Int { units.reduce(0) { total, unit in total + unit.times.reduce(0) { $0 + ($1 == nil ? 0 : 1) } } }

    /// The isolated time of expert operator `op` on `unit`, measured on first use.
    public mutating func time<E: StageExecutor>(of op: Operator, on unit: ExecutionUnit, plan: ParallelismPlan,
                                               executor: inout E) throws -> SimTime {
        guard case .ffn(let shape) = op.shape, op.kind == .expertFFN else {
            preconditionFailure("the expert cost table times expert FFNs, not \(op.kind)")
        }
        let tokens = shape.tokens
        let slot: Int
        if let known = units.firstIndex(where: { $0.unit == unit }) {
            slot = known
            if tokens < units[slot].times.count, let known = units[slot].times[tokens] { return known }
        } else {
            slot = units.count
            units.append(UnitTimes(unit: unit))
        }
        let measured = try executor.isolatedTime(of: op, on: unit, plan: plan)
        if tokens >= units[slot].times.count {
            units[slot].times.append(contentsOf: repeatElement(nil, count: tokens + 1 - units[slot].times.count))
        }
        units[slot].times[tokens] = measured
        return measured
    }
}
