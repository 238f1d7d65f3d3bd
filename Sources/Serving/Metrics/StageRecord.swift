import Hardware
import Units
import Workloads

/// What one stage did and cost.
public struct StageRecord: Hashable, Sendable {
    public let index: Int
    public let kind: StageKind
    /// Simulated start time and duration.
    public let start: SimTime
    public let duration: SimTime
    public let prefills: Int
    public let decodes: Int
    /// Tokens processed by the token-wise operators (prefill prompts + one per decode).
    public let newTokens: Int
    /// Tokens in the KV cache read or written by this stage's attention (sum of contexts).
    public let contextTokens: Int
    /// Requests in the system at the stage's start (running after admission + arrived and waiting).
    public let inSystem: Int
    /// Expert FFN operators co-processing put on the PIM.
    public let pimExperts: Int
    /// Sum of operator durations per class (overlapping operators both count).
    public let timeByClass: PerCase<OperatorClass, SimTime>
    /// Time each unit was busy (union of its operators' intervals).
    public let busyByUnit: PerCase<ExecutionUnit, SimTime>
    /// Energy per class and component, whole system.
    public let energy: PerCase<EnergyClass, EnergyComponents>

    public init(index: Int, kind: StageKind, start: SimTime, duration: SimTime, prefills: Int, decodes: Int,
                newTokens: Int, contextTokens: Int, inSystem: Int, pimExperts: Int,
                timeByClass: PerCase<OperatorClass, SimTime>, busyByUnit: PerCase<ExecutionUnit, SimTime>,
                energy: PerCase<EnergyClass, EnergyComponents>) {
        self.index = index; self.kind = kind; self.start = start; self.duration = duration
        self.prefills = prefills; self.decodes = decodes; self.newTokens = newTokens
        self.contextTokens = contextTokens; self.inSystem = inSystem; self.pimExperts = pimExperts
        self.timeByClass = timeByClass; self.busyByUnit = busyByUnit; self.energy = energy
    }

    /// Requests in the batch.
    public var batch: Int { prefills + decodes }
    /// Tokens generated: one per request of the batch (a prefill emits the first output token).
    public var generatedTokens: Int { batch }
    public var end: SimTime { start + duration }
    public var totalEnergy: Energy { energy.values.reduce(Energy.zero) { $0 + $1.total } }

    /// Aggregates one stage's execution.
    static func summarise(_ execution: StageExecution, operators: [Operator], classes: [EnergyClass])
        -> (PerCase<OperatorClass, SimTime>, PerCase<ExecutionUnit, SimTime>, PerCase<EnergyClass, EnergyComponents>) {
        precondition(execution.operators.count == operators.count, "the executor reported \(execution.operators.count) of \(operators.count) operators")
        var byClass = PerCase<OperatorClass, SimTime>(repeating: .zero)
        var energy = PerCase<EnergyClass, EnergyComponents>(repeating: .zero)
        var intervals = PerCase<ExecutionUnit, [(SimTime, SimTime)]>(repeating: [])
        for (index, run) in execution.operators.enumerated() {
            precondition(run.operatorID == operators[index].id, "executor results out of operator order")
            byClass[operators[index].opClass] += run.duration
            energy[classes[index]] += run.energy
            intervals[run.unit].append((run.start, run.end))
        }
        var busy = PerCase<ExecutionUnit, SimTime>(repeating: .zero)
        for unit in ExecutionUnit.allCases { busy[unit] = union(intervals[unit]) }
        return (byClass, busy, energy)
    }

    /// Total length of the union of intervals. O(n log n).
    static func union(_ intervals: [(SimTime, SimTime)]) -> SimTime {
        var total = SimTime.zero
        var current: (SimTime, SimTime)?
        for interval in intervals.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            if let open = current, interval.0 <= open.1 {
                current = (open.0, max(open.1, interval.1))
            } else {
                if let open = current { total += open.1 - open.0 }
                current = interval
            }
        }
        if let open = current { total += open.1 - open.0 }
        return total
    }
}
