import SimKernel
import Foundation
import Hardware
import Units
import Workloads

/// The `replay` point kind: one model stage's operators (as the `opb` kind builds them) replayed on
/// the transaction-level device models (`TraceReplayer`, docs/devices.md): calibrated xPU, memory
/// paths measured on the command-level DRAM model, bank-bundle contention between the xPU and the
/// memory-side processor, collectives on the links, energy per operator.
///
/// Document: as `opb` (docs/sweeps.md), with `placement` one of the device placements
/// (`gpu`, `duplex`, `pim`, `logic-pim`, `bankgroup-pim`, `bank-pim`) and optional `memoryRates`
/// (`dram`, the default: path rates measured on the DRAM model, where the TSV multiplier plays no
/// part; `peak`: the config's internal bandwidth). Each sampled stage is
/// replayed on its own fresh simulator; metrics average over the samples.
///
/// Shared across points: stage operator lists (hardware-independent) and device system models
/// (by system config: calibration and DRAM path measurement done once per distinct system).
public struct ReplayPointKind: PointKind {
    public let stage: StagePointDecoder
    let systems: MemoCache<String, DeviceSystemModel>
    let calibrationDirectory: URL

    public init(environment: SweepEnvironment) {
        self.stage = StagePointDecoder(environment: environment)
        self.systems = MemoCache(name: "device system models")
        self.calibrationDirectory = environment.calibrationDirectory
    }

    public var name: String { "replay" }

    public var metricColumns: [String] {
        ["stage_time_us", "tokens_per_s", "energy_uJ", "energy_dram_uJ", "energy_compute_uJ", "energy_sram_uJ",
         "energy_link_uJ", "energy_per_token_uJ"]
            + OperatorClass.allCases.flatMap { ["\($0.rawValue)_xpu_busy_us", "\($0.rawValue)_pim_busy_us"] }
    }

    public var cacheStatistics: [CacheStatistics] {
        [systems.statistics, stage.stageStatistics] + KernelCostCache.combined(systems.values.map(\.kernelCosts))
    }

    public func normalize(_ document: JSONValue, source: String) throws(SweepError) -> JSONValue {
        try stage.normalize(document, source: source)
    }

    public func decode(_ document: JSONValue, source: String) throws(SweepError) -> ReplayPoint {
        let workload = try stage.decode(document, source: source)
        let placement: Placement
        do {
            placement = try Placement.named(workload.placement)
        } catch {
            throw SweepError(source: source, path: "placement", reason: error.problems.map(\.reason).joined(separator: "; "))
        }
        if let required = placement.requiredKind, workload.system.device.memoryProcessor.kind != required {
            throw SweepError(source: source, path: "placement",
                             reason: "\(placement.name) needs a \(required.rawValue) system; \(workload.system.name) has \(workload.system.device.memoryProcessor.kind.rawValue)")
        }
        if placement.usesMemoryProcessor, workload.system.device.memoryProcessor.pim == nil {
            throw SweepError(source: source, path: "placement", reason: "\(placement.name) needs a memory-side processor; \(workload.system.name) has none")
        }
        guard let memoryRates = DeviceSystemModel.MemoryRates(rawValue: workload.memoryRates ?? "dram") else {
            throw SweepError(source: source, path: "memoryRates", reason: "must be dram or peak, got \"\(workload.memoryRates ?? "")\"")
        }
        guard case .object(let members) = document, let system = members["system"] else {
            preconditionFailure("a decoded stage point has a system document")
        }
        return ReplayPoint(workload: workload, placement: placement, memoryRates: memoryRates,
                           systemKey: memoryRates.rawValue + " " + system.canonicalText)
    }

    public func run(_ point: ReplayPoint, seed: UInt64, source: String) throws(SweepError) -> [String] {
        let workload = point.workload
        let system: DeviceSystemModel
        do {
            system = try systems.value(for: point.systemKey) { () throws -> DeviceSystemModel in
                try DeviceSystemModel.load(config: workload.system, calibrationDirectory: calibrationDirectory, memoryRates: point.memoryRates)
            }
        } catch {
            throw SweepError(source: source, path: "system", reason: "cannot build the device models: \(error)")
        }
        let replayer: TraceReplayer
        do {
            replayer = try TraceReplayer(system: system, placement: point.placement, plan: workload.plan, experts: workload.model.experts)
        } catch {
            throw SweepError(error.problems.map { SweepProblem(source: source, path: $0.field, reason: $0.reason) })
        }
        let routingSeed = workload.seed ?? seed
        var makespan = 0.0
        var energy = EnergyBreakdown.zero
        var busy: [String: Double] = [:]
        for sample in 0..<workload.samples {
            let operators = try stage.operators(workload, sample: sample, seed: routingSeed, source: source)
            let result: ReplayResult
            do {
                result = try replayer.run(operators, source: source)
            } catch {
                throw SweepError(error.problems.map { SweepProblem(source: source, path: $0.field, reason: $0.reason) })
            }
            makespan += result.makespan.seconds
            energy += result.energy
            for group in result.groups {
                let side = group.unit.isMemoryProcessor ? "pim" : "xpu"
                busy["\(group.opClass.rawValue)_\(side)", default: 0] += group.busy.seconds
            }
        }
        let samples = Double(workload.samples)
        let stageSeconds = makespan / samples
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        let microjoules = { (e: Energy) in fixed(e.joules / samples * 1e6, 3) }
        var cells = [fixed(stageSeconds * 1e6, 4), fixed(Double(workload.scenario.batch) / stageSeconds, 1),
                     microjoules(energy.total), microjoules(energy.dram), microjoules(energy.compute), microjoules(energy.sram),
                     microjoules(energy.link), fixed(energy.total.joules / samples / Double(workload.scenario.batch) * 1e6, 3)]
        for opClass in OperatorClass.allCases {
            for side in ["xpu", "pim"] {
                cells.append(busy["\(opClass.rawValue)_\(side)"].map { fixed($0 / samples * 1e6, 4) } ?? "")
            }
        }
        return cells
    }
}
