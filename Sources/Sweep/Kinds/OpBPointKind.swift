import SimKernel
import Foundation
import Hardware
import Units
import Workloads

/// The `opb` point kind: one model stage's operators from the IR (as `duplexsim opb`), their
/// Op/B per class, and an operator-level roofline time of the stage on a system config with a
/// placement (each operator on the xPU or the memory-side processor, run one after another).
///
/// Devices of a parallel group run their shards at once, so an operator takes its shard's time;
/// the expert FFNs of one MoE layer run on their expert-parallel ranks at once, so the layer takes
/// its busiest rank's time (the sum of that rank's experts).
///
/// Units: the xPU at its peak FLOPS for the model's data type and its peak HBM bandwidth; the
/// memory processor at stacks x units x MACs x 2 x clock and multiplier x HBM bandwidth (the
/// derived figures of docs/hardware.md, so the TSV multiplier and the PIM clock move it);
/// collectives at the NVLink per-direction bandwidth. Roofline only: no calibrated efficiencies,
/// no overlap, no contention (those are the `replay` kind's, when the devices models land).
///
/// Shared across points: the stage operator lists (`stages`, hardware-independent) and the
/// kernel costs (`kernels`: the same shape on the same unit is timed once).
public struct OpBPointKind: PointKind {
    public let stage: StagePointDecoder
    let kernels: MemoCache<KernelKey, Double>

    public init(environment: SweepEnvironment) {
        self.stage = StagePointDecoder(environment: environment)
        self.kernels = MemoCache(name: "kernel costs")
    }

    public var name: String { "opb" }

    public var metricColumns: [String] {
        ["stage_time_us", "tokens_per_s", "xpu_ridge_opb", "pim_ridge_opb"]
            + OperatorClass.allCases.flatMap { ["\($0.rawValue)_opb", "\($0.rawValue)_time_us"] }
    }

    public var cacheStatistics: [CacheStatistics] { [kernels.statistics, stage.stageStatistics] }

    public func normalize(_ document: JSONValue, source: String) throws(SweepError) -> JSONValue {
        try stage.normalize(document, source: source)
    }

    public func decode(_ document: JSONValue, source: String) throws(SweepError) -> OpBPoint {
        let workload = try stage.decode(document, source: source)
        var problems: [SweepProblem] = []
        func problem(_ path: String, _ reason: String) { problems.append(SweepProblem(source: source, path: path, reason: reason)) }
        let placement = RooflinePlacement(rawValue: workload.placement)
        if placement == nil {
            problem("placement", "must be one of \(RooflinePlacement.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(workload.placement)\"")
        }
        let model = workload.model
        let system = workload.system
        if workload.memoryRates != nil { problem("memoryRates", "only the replay kind has memory rates; opb uses the config's peak figures") }
        var xpu: RooflineUnit?
        var memoryProcessor: RooflineUnit?
        do {
            let dataType: DataType? = switch model.dtype {
            case .fp16: .fp16
            case .bf16: .bf16
            default: nil
            }
            if let dataType {
                let link = system.links.nvlink.bandwidthPerDirection.value.bytesPerSecond
                xpu = RooflineUnit(name: "xpu", flopsPerSecond: system.device.xpu.peakFLOPS[dataType].flopsPerSecond,
                                   bytesPerSecond: system.device.xpu.peakHBMBandwidth.value.bytesPerSecond, linkBytesPerSecond: link)
                if let flops = system.device.memoryProcessorPeakFLOPS, let bandwidth = system.device.memoryProcessorInternalBandwidth {
                    memoryProcessor = RooflineUnit(name: system.device.memoryProcessor.kind.rawValue, flopsPerSecond: flops.flopsPerSecond,
                                                   bytesPerSecond: bandwidth.bytesPerSecond, linkBytesPerSecond: link)
                }
            } else {
                problem("model", "\(model.name) is \(model.dtype.rawValue); the xPU has peaks for fp16 and bf16 only")
            }
            if let placement, placement != .xpuOnly, memoryProcessor == nil {
                problem("placement", "\(placement.rawValue) needs a memory-side processor; system \(system.name) has kind none")
            }
        }
        guard problems.isEmpty, let placement, let xpu else {
            throw SweepError(problems.isEmpty ? [SweepProblem(source: source, path: "", reason: "invalid point")] : problems)
        }
        return OpBPoint(workload: workload, placement: placement, xpu: xpu, memoryProcessor: memoryProcessor)
    }

    public func run(_ point: OpBPoint, seed: UInt64, source: String) throws(SweepError) -> [String] {
        let routingSeed = point.workload.seed ?? seed
        var flops: [OperatorClass: Int64] = [:]
        var bytes: [OperatorClass: Int64] = [:]
        var seconds: [OperatorClass: Double] = [:]
        var expertSeconds: [ExpertSlot: [Int: Double]] = [:]
        for sample in 0..<point.workload.samples {
            let operators = try stage.operators(point.workload, sample: sample, seed: routingSeed, source: source)
            for op in operators {
                let total = op.totalCost
                flops[op.opClass, default: 0] += total.flops.flops
                bytes[op.opClass, default: 0] += total.memory.total.bytes
                let unit = point.placement.onMemoryProcessor(op.opClass) ? point.memoryProcessor! : point.xpu
                let time = kernels.value(for: KernelKey(shape: op.shape, dtype: op.dtype, unit: unit)) {
                    unit.seconds(flops: op.cost.flops.flops, bytes: op.cost.memory.total.bytes, networkBytes: op.cost.networkSent.bytes)
                }
                if op.kind == .expertFFN, let expert = op.expert, let layer = op.layer {
                    let rank = point.workload.plan.expertRank(of: expert, experts: point.workload.model.experts)
                    expertSeconds[ExpertSlot(sample: sample, layer: layer), default: [:]][rank, default: 0] += time
                } else {
                    seconds[op.opClass, default: 0] += time
                }
            }
        }
        // Expert ranks run in parallel: a layer's expert time is its busiest rank's.
        for slot in expertSeconds.keys.sorted() {
            seconds[.moe, default: 0] += expertSeconds[slot]!.values.max()!
        }
        let samples = Double(point.workload.samples)
        let stageSeconds = OperatorClass.allCases.reduce(0.0) { $0 + (seconds[$1] ?? 0) } / samples
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        var cells = [fixed(stageSeconds * 1e6, 4), fixed(Double(point.workload.scenario.batch) / stageSeconds, 1),
                     fixed(point.xpu.flopsPerSecond / point.xpu.bytesPerSecond, 3),
                     point.memoryProcessor.map { fixed($0.flopsPerSecond / $0.bytesPerSecond, 3) } ?? ""]
        for opClass in OperatorClass.allCases {
            if let classFLOPs = flops[opClass], let classBytes = bytes[opClass] {
                cells += [fixed(Double(classFLOPs) / Double(classBytes), 4), fixed(seconds[opClass]! / samples * 1e6, 4)]
            } else {
                cells += ["", ""]
            }
        }
        return cells
    }

    /// A sampled stage's MoE layer, whose expert times are collected per rank.
    struct ExpertSlot: Hashable, Comparable {
        var sample: Int
        var layer: Int
        static func < (a: ExpertSlot, b: ExpertSlot) -> Bool { (a.sample, a.layer) < (b.sample, b.layer) }
    }
}
