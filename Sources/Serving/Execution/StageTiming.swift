import Hardware
import Units
import Workloads

/// What a stage record keeps of a stage's execution: its duration and the per-class and per-unit
/// aggregates of `StageRecord` (the timing-only path of `StageExecutor.timing(of:)`).
public struct StageTiming: Hashable, Sendable {
    public let duration: SimTime
    /// Sum of operator durations per class.
    public let timeByClass: PerCase<OperatorClass, SimTime>
    /// Union of each unit's operator intervals.
    public let busyByUnit: PerCase<ExecutionUnit, SimTime>
    /// Energy per class and component, summed in operator order.
    public let energy: PerCase<EnergyClass, EnergyComponents>

    public init(duration: SimTime, timeByClass: PerCase<OperatorClass, SimTime>, busyByUnit: PerCase<ExecutionUnit, SimTime>,
                energy: PerCase<EnergyClass, EnergyComponents>) {
        self.duration = duration
        self.timeByClass = timeByClass
        self.busyByUnit = busyByUnit
        self.energy = energy
    }

    /// From a full stage's execution (`StageRecord.summarise`).
    public init(_ execution: StageExecution, operators: [Operator], classes: [EnergyClass]) {
        let (byClass, busy, energy) = StageRecord.summarise(execution, operators: operators, classes: classes)
        self.init(duration: execution.duration, timeByClass: byClass, busyByUnit: busy, energy: energy)
    }

    /// From the runs of a compact stage's distinct blocks: `runs[i]` is `work.compact.operators[i]`
    /// with times relative to its block's start, `blockDurations[b]` the duration of block b
    /// (each block runs from idle resources once the previous has ended: docs/serving.md,
    /// "Compact stages").
    ///
    /// Equal to `init(_:operators:classes:)` of the expanded stage: the blocks follow each other
    /// without overlap, so durations, class sums (integers) and unit unions (integer lengths of
    /// time-disjoint parts) add up per block occurrence; energies are floating point and are
    /// added operator by operator in the expanded order, as there. O(expanded operators).
    public init(compact work: CompactStageWork, runs: [OperatorExecution], blockDurations: [SimTime]) {
        let compact = work.compact
        precondition(runs.count == compact.operators.count, "one run per operator")
        precondition(blockDurations.count == compact.blocks.count, "one duration per block")
        let operatorClasses = OperatorClass.allCases, energyClasses = EnergyClass.allCases, units = ExecutionUnit.allCases
        // Per distinct block: time per operator class and each unit's busy time.
        var blockByClass = Array(repeating: Array(repeating: SimTime.zero, count: operatorClasses.count), count: compact.blocks.count)
        var blockBusy = Array(repeating: Array(repeating: SimTime.zero, count: units.count), count: compact.blocks.count)
        var intervals = Array(repeating: [(SimTime, SimTime)](), count: units.count)
        var energyClassIndex = [Int](repeating: 0, count: runs.count)
        for (b, block) in compact.blocks.enumerated() {
            for u in intervals.indices { intervals[u].removeAll(keepingCapacity: true) }
            for i in block {
                let run = runs[i]
                precondition(run.operatorID == compact.operators[i].id, "executor results out of operator order")
                precondition(run.end <= blockDurations[b], "operator \(run.operatorID) ends after its block")
                blockByClass[b][Self.position(of: compact.operators[i].opClass, in: operatorClasses)] += run.duration
                intervals[Self.position(of: run.unit, in: units)].append((run.start, run.end))
                energyClassIndex[i] = Self.position(of: work.classes[i], in: energyClasses)
            }
            for u in units.indices { blockBusy[b][u] = StageRecord.union(&intervals[u]) }
        }
        var duration = SimTime.zero
        var byClass = Array(repeating: SimTime.zero, count: operatorClasses.count)
        var busy = Array(repeating: SimTime.zero, count: units.count)
        var energy = Array(repeating: EnergyComponents.zero, count: energyClasses.count)
        for occurrence in compact.sequence {
            let b = occurrence.block
            duration += blockDurations[b]
            for c in byClass.indices { byClass[c] += blockByClass[b][c] }
            for u in busy.indices { busy[u] += blockBusy[b][u] }
            for i in compact.blocks[b] { energy[energyClassIndex[i]] += runs[i].energy }
        }
        self.init(duration: duration, timeByClass: PerCase(values: byClass), busyByUnit: PerCase(values: busy), energy: PerCase(values: energy))
    }

    @inline(__always)
    private static func position<Key: Equatable>(of key: Key, in cases: [Key]) -> Int {
        guard let position = cases.firstIndex(of: key) else { preconditionFailure("\(key) is not a case") }
        return position
    }
}
