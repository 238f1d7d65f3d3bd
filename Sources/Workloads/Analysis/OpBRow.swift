import Foundation

/// One line of the Op/B report: an operator class in a stage, per layer.
public struct OpBRow: Hashable, Sendable {
    public enum Bound: String, Hashable, Sendable { case compute, memory }

    public var model: String
    public var phase: OpBPhase
    public var batch: Int
    public var inputLength: Int
    public var opClass: OperatorClass
    /// Total FLOPs of the class (all shards) over the sampled stages.
    public var totalFLOPs: Int64
    /// Total memory bytes of the class (all shards) over the sampled stages.
    public var totalBytes: Int64
    /// Layer instances the totals cover: (layers containing the class) x (sampled stages); the
    /// model-level operators (final norm, LM head) count as one layer.
    public var layerInstances: Int
    /// The device ridge point the class is compared with.
    public var ridgePoint: Double

    /// Average FLOPs per layer.
    public var flopsPerLayer: Double { Double(totalFLOPs) / Double(layerInstances) }
    /// Average bytes per layer.
    public var bytesPerLayer: Double { Double(totalBytes) / Double(layerInstances) }
    /// FLOPs per byte: total over total, i.e. the ratio of the per-layer averages; for `moe`,
    /// the average over activated experts (experts with no tokens have no operator).
    public var opPerByte: Double { Double(totalFLOPs) / Double(totalBytes) }
    /// Compute-bound at or above the ridge point, else memory-bound.
    public var bound: Bound { opPerByte >= ridgePoint ? .compute : .memory }

    /// The CSV header (docs/opb.md).
    public static let csvHeader = "model,phase,batch,lin,op_class,flops,bytes,op_per_byte,bound"

    /// The CSV line: per-layer averages with up to 3 decimals, Op/B with 4.
    public var csvLine: String {
        [model, phase.rawValue, "\(batch)", "\(inputLength)", opClass.rawValue,
         OpBRow.format(totalFLOPs, over: layerInstances), OpBRow.format(totalBytes, over: layerInstances),
         String(format: "%.4f", opPerByte), bound.rawValue].joined(separator: ",")
    }

    /// `total / count` exactly when it divides, else rounded to 3 decimals.
    static func format(_ total: Int64, over count: Int) -> String {
        total % Int64(count) == 0 ? "\(total / Int64(count))" : String(format: "%.3f", Double(total) / Double(count))
    }
}
