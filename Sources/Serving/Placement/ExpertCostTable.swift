import Hardware
import Units
import Workloads

/// The lookup table of expert co-processing (reference: "after the gate, a lookup table gives
/// each expert's time on each unit as a function of its token count"): the isolated time of one
/// expert FFN on the xPU and on the PIM, measured once per token count through the executor's
/// device models and memoised for the whole run. All experts of a model share one shape, so the
/// token count is the key.
///
/// Storage: per unit, an array indexed by token count up to `denseTokens` (a lookup is an index,
/// no hashing; decode stages stay far below it) and a dictionary for larger counts (prefills of
/// long prompts), so memory stays proportional to the counts seen.
public struct ExpertCostTable: Sendable {
    /// Token counts below this are stored in arrays.
    static let denseTokens = 4096

    /// Measured times of one unit.
    private struct UnitTimes: Sendable {
        let unit: ExecutionUnit
        /// `dense[tokens]` for tokens < `denseTokens` (nil: not measured yet).
        var dense: [SimTime?] = []
        var sparse: [Int: SimTime] = [:]

        func time(tokens: Int) -> SimTime? {
            tokens < dense.count ? dense[tokens] : sparse[tokens]
        }

        mutating func store(_ time: SimTime, tokens: Int) {
            if tokens < ExpertCostTable.denseTokens {
                if tokens >= dense.count { dense.append(contentsOf: repeatElement(nil, count: tokens + 1 - dense.count)) }
                dense[tokens] = time
            } else {
                sparse[tokens] = time
            }
        }

        var count: Int { dense.reduce(0) { $0 + ($1 == nil ? 0 : 1) } + sparse.count }
    }

    /// One entry per unit asked for, in first-use order (a run uses two).
    private var units: [UnitTimes] = []

    public init() {}

    /// Entries measured so far.
    public var count: Int { units.reduce(0) { $0 + $1.count } }

    /// The time of an expert of `tokens` tokens on `unit` when already measured, else nil
    /// (a lookup without the operator; `time(of:on:plan:executor:)` measures).
    func knownTime(tokens: Int, on unit: ExecutionUnit) -> SimTime? {
        // By index: iterating would copy each unit's tables.
        for index in units.indices where units[index].unit == unit { return units[index].time(tokens: tokens) }
        return nil
    }

    /// The times of an expert of `tokens` tokens on the xPU and on `pim` when both are measured,
    /// else nil (one pass over the units for both lookups).
    func knownTimes(tokens: Int, pim: ExecutionUnit) -> (xpu: SimTime, pim: SimTime)? {
        var xpuTime: SimTime?, pimTime: SimTime?
        for index in units.indices {
            if units[index].unit == .xpu {
                xpuTime = units[index].time(tokens: tokens)
            } else if units[index].unit == pim {
                pimTime = units[index].time(tokens: tokens)
            }
        }
        guard let xpuTime, let pimTime else { return nil }
        return (xpuTime, pimTime)
    }

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
            if let time = units[slot].time(tokens: tokens) { return time }
        } else {
            slot = units.count
            units.append(UnitTimes(unit: unit))
        }
        let measured = try executor.isolatedTime(of: op, on: unit, plan: plan)
        units[slot].store(measured, tokens: tokens)
        return measured
    }
}
