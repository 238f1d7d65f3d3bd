import Hardware
import Units
import Workloads

/// The metrics of one run (definitions: docs/metrics.md).
public struct ServingMetrics: Hashable, Sendable {
    /// Output tokens emitted by all stages (one per request per stage; for a complete run the sum
    /// of Lout over the requests).
    public let generatedTokens: Int
    /// Requests counted in T2FT and E2E (finished, not in flight at the start of a window).
    public let measuredRequests: Int
    /// From the first arrival to the end of the last stage.
    public let makespan: SimTime
    /// Generated tokens per second of makespan.
    public let tokensPerSecond: Double
    /// Finished requests per second of makespan.
    public let requestsPerSecond: Double
    /// Arrival to the first output token (end of the prefill stage).
    public let timeToFirstToken: LatencySummary
    /// Gap between consecutive output tokens of a request, over all gaps of all requests.
    public let timeBetweenTokens: LatencySummary
    /// Arrival to the last output token.
    public let endToEnd: LatencySummary
    public let stagesByKind: PerCase<StageKind, Int>
    /// Mean requests per stage.
    public let meanBatch: Double
    /// Time-average of requests in the system (running + arrived waiting), sampled at stage starts
    /// and weighted by stage duration (the L of Little's law).
    public let meanInSystem: Double
    /// Summed operator time per class over the run (overlaps count twice).
    public let timeByClass: PerCase<OperatorClass, SimTime>
    /// Busy time per unit over the run.
    public let busyByUnit: PerCase<ExecutionUnit, SimTime>
    /// Busy time / time spent in stages, per unit.
    public let utilisation: PerCase<ExecutionUnit, Double>
    /// Whole-run energy per class and component.
    public let energy: PerCase<EnergyClass, EnergyComponents>

    public init(_ trace: ServingTrace) {
        let stages = trace.stages
        let requests = trace.requests.filter { !$0.inFlightAtStart }
        generatedTokens = stages.reduce(0) { $0 + $1.generatedTokens }
        measuredRequests = requests.count
        let first = trace.requests.map(\.arrival).min() ?? .zero
        let last = stages.last?.end ?? .zero
        makespan = last - first
        tokensPerSecond = makespan > .zero ? Double(generatedTokens) / makespan.seconds : 0
        requestsPerSecond = makespan > .zero ? Double(trace.requests.count) / makespan.seconds : 0
        timeToFirstToken = LatencySummary(requests.map(\.timeToFirstToken))
        timeBetweenTokens = LatencySummary(trace.tokenGaps)
        endToEnd = LatencySummary(requests.map(\.endToEnd))
        var kinds = PerCase<StageKind, Int>(repeating: 0)
        var byClass = PerCase<OperatorClass, SimTime>(repeating: .zero)
        var busy = PerCase<ExecutionUnit, SimTime>(repeating: .zero)
        var energy = PerCase<EnergyClass, EnergyComponents>(repeating: .zero)
        var stageTime = SimTime.zero
        var weightedInSystem = 0.0, batches = 0
        for stage in stages {
            kinds[stage.kind] += 1
            for (key, value) in stage.timeByClass.entries { byClass[key] += value }
            for (key, value) in stage.busyByUnit.entries { busy[key] += value }
            for (key, value) in stage.energy.entries { energy[key] += value }
            stageTime += stage.duration
            weightedInSystem += Double(stage.inSystem) * stage.duration.seconds
            batches += stage.batch
        }
        stagesByKind = kinds
        timeByClass = byClass
        busyByUnit = busy
        self.energy = energy
        var utilisation = PerCase<ExecutionUnit, Double>(repeating: 0)
        for unit in ExecutionUnit.allCases where stageTime > .zero { utilisation[unit] = busy[unit] / stageTime }
        self.utilisation = utilisation
        meanBatch = stages.isEmpty ? 0 : Double(batches) / Double(stages.count)
        meanInSystem = stageTime > .zero ? weightedInSystem / stageTime.seconds : 0
    }

    /// All energy of the run.
    public var totalEnergy: Energy { energy.values.reduce(Energy.zero) { $0 + $1.total } }

    /// Energy per generated token.
    public var energyPerToken: Energy { generatedTokens > 0 ? totalEnergy * (1 / Double(generatedTokens)) : .zero }
}
