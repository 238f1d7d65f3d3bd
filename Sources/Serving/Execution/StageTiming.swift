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

    /// From the replay timings of a compact stage's distinct blocks: `timings[i]` is
    /// `work.compact.operators[i]`, its times relative to the replay's start, where the blocks
    /// run one after another, `blockDurations[b]` long each (docs/serving.md, "Compact stages").
    ///
    /// Equal to `init(_:operators:classes:)` of the expanded stage executed by the same device
    /// models: the blocks follow each other without overlap, so durations, class sums (integers)
    /// and unit unions (integer lengths of time-disjoint parts) add up per block occurrence;
    /// energies are floating point and are added operator by operator in the expanded order, as
    /// there (each operator's `EnergyComponents` formed as `DeviceStageExecutor.execute` forms it).
    /// O(expanded operators).
    public init(compact work: CompactStageWork, timings: [OperatorTiming], blockDurations: [SimTime]) {
        let compact = work.compact
        precondition(timings.count == compact.operators.count, "one timing per operator")
        precondition(blockDurations.count == compact.blocks.count, "one duration per block")
        let operatorClasses = OperatorClass.allCases, energyClasses = EnergyClass.allCases, units = ExecutionUnit.allCases
        let classCount = operatorClasses.count, unitCount = units.count, energyClassCount = energyClasses.count
        precondition(operatorClasses.indices.allSatisfy { operatorClasses[$0].ordinal == $0 }
                     && units.indices.allSatisfy { units[$0].ordinal == $0 }
                     && energyClasses.indices.allSatisfy { energyClasses[$0].ordinal == $0 }, "ordinals follow allCases")
        let blockCount = compact.blocks.count, operatorCount = timings.count
        // Per distinct block (flat, block-major): time per operator class and each unit's busy
        // time; per operator its energy (as `DeviceStageExecutor.execute` forms it) and class.
        var blockByClass = [SimTime](repeating: .zero, count: blockCount * classCount)
        var blockBusy = [SimTime](repeating: .zero, count: blockCount * unitCount)
        var operatorEnergy = [EnergyComponents](repeating: .zero, count: operatorCount)
        var energyClass = [Int](repeating: 0, count: operatorCount)
        // One block's intervals grouped by unit (counting sort): `intervals[unitStart[u] ..< unitStart[u + 1]]`.
        var largestBlock = 0
        for block in compact.blocks { largestBlock = max(largestBlock, block.count) }
        var intervals = [(SimTime, SimTime)](repeating: (.zero, .zero), count: largestBlock)
        var unitStart = [Int](repeating: 0, count: unitCount + 1)
        var unitOf = [Int](repeating: 0, count: intervals.count)
        var blockStart = SimTime.zero
        compact.operators.withUnsafeBufferPointer { ops in
            timings.withUnsafeBufferPointer { timings in
                for b in 0..<blockCount {
                    let block = compact.blocks[b]
                    let blockEnd = blockStart + blockDurations[b]
                    for u in 0...unitCount { unitStart[u] = 0 }
                    for i in block {
                        let start = timings[i].start, end = timings[i].end
                        precondition(start >= blockStart && end <= blockEnd, "operator \(ops[i].id) runs outside its block")
                        blockByClass[b * classCount + ops[i].kind.opClass.ordinal] += end - start
                        let u = timings[i].unit.ordinal
                        unitOf[i - block.lowerBound] = u
                        unitStart[u + 1] += 1
                        let energy = timings[i].energy
                        operatorEnergy[i] = EnergyComponents(dram: energy.dram, compute: energy.compute + energy.sram,
                                                             communication: energy.link)
                        energyClass[i] = work.classes[i].ordinal
                    }
                    for u in 0..<unitCount { unitStart[u + 1] += unitStart[u] }
                    // Fill by unit (unitStart[u] runs to the end of unit u's part), then measure each part.
                    for i in block {
                        let u = unitOf[i - block.lowerBound]
                        intervals[unitStart[u]] = (timings[i].start - blockStart, timings[i].end - blockStart)
                        unitStart[u] += 1
                    }
                    intervals.withUnsafeMutableBufferPointer { intervals in
                        var from = 0
                        for u in 0..<unitCount {
                            let to = unitStart[u]
                            blockBusy[b * unitCount + u] = StageRecord.union(UnsafeMutableBufferPointer(rebasing: intervals[from..<to]))
                            from = to
                        }
                    }
                    blockStart = blockEnd
                }
            }
        }
        var duration = SimTime.zero
        var byClass = [SimTime](repeating: .zero, count: classCount)
        var busy = [SimTime](repeating: .zero, count: unitCount)
        var energy = [EnergyComponents](repeating: .zero, count: energyClassCount)
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

// Positions in `allCases` (checked against it once per stage in `init(compact:timings:blockDurations:)`):
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
