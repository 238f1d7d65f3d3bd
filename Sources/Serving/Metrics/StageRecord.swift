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

    /// Aggregates one stage's execution. Sums are taken in operator order (energies are floating
    /// point); per-case accumulators are plain arrays indexed by case position.
    static func summarise(_ execution: StageExecution, operators: [Operator], classes: [EnergyClass])
        -> (PerCase<OperatorClass, SimTime>, PerCase<ExecutionUnit, SimTime>, PerCase<EnergyClass, EnergyComponents>) {
        precondition(execution.operators.count == operators.count, "the executor reported \(execution.operators.count) of \(operators.count) operators")
        precondition(classes.count == operators.count, "one energy class per operator")
        let operatorClasses = OperatorClass.allCases, energyClasses = EnergyClass.allCases, units = ExecutionUnit.allCases
        var byClass = Array(repeating: SimTime.zero, count: operatorClasses.count)
        var energy = Array(repeating: EnergyComponents.zero, count: energyClasses.count)
        var intervals = Array(repeating: [(SimTime, SimTime)](), count: units.count)
        for (index, run) in execution.operators.enumerated() {
            precondition(run.operatorID == operators[index].id, "executor results out of operator order")
            byClass[position(of: operators[index].opClass, in: operatorClasses)] += run.duration
            energy[position(of: classes[index], in: energyClasses)] += run.energy
            intervals[position(of: run.unit, in: units)].append((run.start, run.end))
        }
        var busy = PerCase<ExecutionUnit, SimTime>(repeating: .zero)
        for (unitIndex, unit) in units.enumerated() { busy[unit] = union(&intervals[unitIndex]) }
        return (PerCase(values: byClass), busy, PerCase(values: energy))
    }

    /// The position of `key` in `cases` (a small enum's `allCases`, fetched once by the caller).
    @inline(__always)
    private static func position<Key: Equatable>(of key: Key, in cases: [Key]) -> Int {
        guard let position = cases.firstIndex(of: key) else { preconditionFailure("\(key) is not a case") }
        return position
    }

    /// Total length of the union of intervals. O(n log n).
    static func union(_ intervals: [(SimTime, SimTime)]) -> SimTime {
        var sorting = intervals
        return union(&sorting)
    }

    /// Total length of the union of `intervals`, which it sorts in place by (start, end) unless
    /// already sorted. O(n) when sorted, else O(n log n).
    static func union(_ intervals: inout [(SimTime, SimTime)]) -> SimTime {
        intervals.withUnsafeMutableBufferPointer { union($0) }
    }

    /// `union(_:)` on a buffer (sorted in place unless already sorted by (start, end)), for
    /// callers that keep their intervals in one flat scratch array (`StageTiming`).
    static func union(_ intervals: UnsafeMutableBufferPointer<(SimTime, SimTime)>) -> SimTime {
        var intervals = intervals
        guard !intervals.isEmpty else { return .zero }
        let inOrder = { (a: (SimTime, SimTime), b: (SimTime, SimTime)) in (a.0, a.1) < (b.0, b.1) }
        var sorted = true
        for k in 1..<intervals.count where inOrder(intervals[k], intervals[k - 1]) { sorted = false; break }
        if !sorted { intervals.sort(by: inOrder) }
        var total = SimTime.zero
        var open = intervals[0]
        for k in 1..<intervals.count {
            let interval = intervals[k]
            if interval.0 <= open.1 {
                open.1 = max(open.1, interval.1)
            } else {
                total += open.1 - open.0
                open = interval
            }
        }
        return total + (open.1 - open.0)
    }
}
