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

    /// From the replay records of a compact stage's distinct blocks: `records[i]` is
    /// `work.compact.operators[i]`, its times relative to the replay's start, where the blocks
    /// run one after another, `blockDurations[b]` long each (docs/serving.md, "Compact stages").
    ///
    /// Equal to `init(_:operators:classes:)` of the expanded stage executed by the same device
    /// models: the blocks follow each other without overlap, so durations, class sums (integers)
    /// and unit unions (integer lengths of time-disjoint parts) add up per block occurrence;
    /// energies are floating point and are added operator by operator in the expanded order, as
    /// there (each operator's `EnergyComponents` formed as `DeviceStageExecutor.execute` forms it).
    /// O(expanded operators).
    public init(compact work: CompactStageWork, records: [OperatorRecord], blockDurations: [SimTime]) {
        let compact = work.compact
        precondition(records.count == compact.operators.count, "one record per operator")
        precondition(blockDurations.count == compact.blocks.count, "one duration per block")
        let operatorClasses = OperatorClass.allCases, energyClasses = EnergyClass.allCases, units = ExecutionUnit.allCases
        let classCount = operatorClasses.count, unitCount = units.count
        precondition(operatorClasses.indices.allSatisfy { operatorClasses[$0].ordinal == $0 }
                     && units.indices.allSatisfy { units[$0].ordinal == $0 }
                     && energyClasses.indices.allSatisfy { energyClasses[$0].ordinal == $0 }, "ordinals follow allCases")
        // Per distinct block (flat, block-major): time per operator class and each unit's busy time.
        var blockByClass = Array(repeating: SimTime.zero, count: compact.blocks.count * classCount)
        var blockBusy = Array(repeating: SimTime.zero, count: compact.blocks.count * unitCount)
        var intervals = Array(repeating: [(SimTime, SimTime)](), count: unitCount)
        var operatorEnergy: [EnergyComponents] = []
        operatorEnergy.reserveCapacity(records.count)
        var energyClass: [Int] = []
        energyClass.reserveCapacity(records.count)
        var blockStart = SimTime.zero
        compact.operators.withUnsafeBufferPointer { ops in
            records.withUnsafeBufferPointer { records in
                for (b, block) in compact.blocks.enumerated() {
                    for u in intervals.indices { intervals[u].removeAll(keepingCapacity: true) }
                    let blockEnd = blockStart + blockDurations[b]
                    for i in block {
                        let record = records.baseAddress! + i
                        precondition(record.pointee.id == ops[i].id, "replay records out of operator order")
                        let start = record.pointee.start, end = record.pointee.end
                        precondition(start >= blockStart && end <= blockEnd, "operator \(record.pointee.id) runs outside its block")
                        blockByClass[b * classCount + record.pointee.opClass.ordinal] += end - start
                        intervals[record.pointee.unit.ordinal].append((start - blockStart, end - blockStart))
                        let energy = record.pointee.energy
                        operatorEnergy.append(EnergyComponents(dram: energy.dram, compute: energy.compute + energy.sram,
                                                               communication: energy.link))
                        energyClass.append(work.classes[i].ordinal)
                    }
                    for u in 0..<unitCount { blockBusy[b * unitCount + u] = StageRecord.union(&intervals[u]) }
                    blockStart = blockEnd
                }
            }
        }
        var duration = SimTime.zero
        var byClass = Array(repeating: SimTime.zero, count: classCount)
        var busy = Array(repeating: SimTime.zero, count: unitCount)
        var energy = Array(repeating: EnergyComponents.zero, count: energyClasses.count)
        // The sums on raw pointers (the same additions in the same order): the energy loop runs
        // once per operator of the expanded stage.
        operatorEnergy.withUnsafeBufferPointer { operatorEnergy in
            energyClass.withUnsafeBufferPointer { energyClass in
                energy.withUnsafeMutableBufferPointer { energy in
                    for occurrence in compact.sequence {
                        let b = occurrence.block
                        duration += blockDurations[b]
                        for c in 0..<classCount { byClass[c] += blockByClass[b * classCount + c] }
                        for u in 0..<unitCount { busy[u] += blockBusy[b * unitCount + u] }
                        for i in compact.blocks[b] { energy[energyClass[i]] += operatorEnergy[i] }
                    }
                }
            }
        }
        self.init(duration: duration, timeByClass: PerCase(values: byClass), busyByUnit: PerCase(values: busy), energy: PerCase(values: energy))
    }

}

// Positions in `allCases` (checked against it once per stage in `init(compact:records:blockDurations:)`):
// a switch instead of `allCases.firstIndex(of:)` for every operator.
private extension OperatorClass {
    var ordinal: Int {
        switch self {
        case .fc: 0
        case .attention: 1
        case .moe: 2
        case .gate: 3
        case .norm: 4
        case .communication: 5
        case .lmHead: 6
        }
    }
}

private extension ExecutionUnit {
    var ordinal: Int {
        switch self {
        case .xpu: 0
        case .logicPIM: 1
        case .bankGroupPIM: 2
        case .bankPIM: 3
        case .network: 4
        }
    }
}

private extension EnergyClass {
    var ordinal: Int {
        switch self {
        case .fc: 0
        case .attention: 1
        case .moe: 2
        }
    }
}
