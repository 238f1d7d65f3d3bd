import Hardware
import Units
import Workloads

/// The lookup table of expert co-processing (reference: "after the gate, a lookup table gives
/// each expert's time on each unit as a function of its token count"): the isolated time of one
/// expert FFN on the xPU and on the PIM, measured once per token count through the executor's
/// device models and memoised. All experts of a model share one shape, so the token count is the key.
public struct ExpertCostTable: Sendable {
    private struct Key: Hashable { let unit: ExecutionUnit; let tokens: Int }
    private var times: [Key: SimTime] = [:]

    public init() {}

    /// Entries measured so far.
    public var count: Int { times.count }

    /// The isolated time of expert operator `op` on `unit`, measured on first use.
    public mutating func time<E: StageExecutor>(of op: Operator, on unit: ExecutionUnit, plan: ParallelismPlan,
                                               executor: inout E) throws -> SimTime {
        guard case .ffn(let shape) = op.shape, op.kind == .expertFFN else {
            preconditionFailure("the expert cost table times expert FFNs, not \(op.kind)")
        }
        let key = Key(unit: unit, tokens: shape.tokens)
        if let known = times[key] { return known }
        let measured = try executor.isolatedTime(of: op, on: unit, plan: plan)
        times[key] = measured
        return measured
    }
}
