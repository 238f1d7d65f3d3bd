import Units
import Workloads

/// The timed, energy-accounted execution of one operator: one row of ops.csv.
///
/// `start` is when its first shard began, `end` when its last shard finished. FLOPs and bytes
/// are per shard (the IR's exact cost); `movedBytes` is what the unit actually moved per shard,
/// which exceeds `bytes` where a split re-reads inputs or writes partial sums; energy covers all
/// shards.
public struct OperatorRecord: Sendable, Hashable {
    public let id: Int
    public let stage: Int
    public let layer: Int?
    public let kind: OperatorKind
    public let opClass: OperatorClass
    public let unit: ExecutionUnit
    /// Devices that ran a shard.
    public let devices: Int
    public let start: SimTime
    public let end: SimTime
    /// Per-shard IR bytes (the Op/B denominator).
    public let bytes: ByteCount
    /// Per-shard bytes moved by the chosen split.
    public let movedBytes: ByteCount
    /// Per-shard FLOPs.
    public let flops: FLOPCount
    /// Per-shard bytes sent over links.
    public let networkBytes: ByteCount
    /// All shards.
    public let energy: EnergyBreakdown

    public init(id: Int, stage: Int, layer: Int?, kind: OperatorKind, opClass: OperatorClass, unit: ExecutionUnit,
                devices: Int, start: SimTime, end: SimTime, bytes: ByteCount, movedBytes: ByteCount, flops: FLOPCount,
                networkBytes: ByteCount, energy: EnergyBreakdown) {
        precondition(end >= start, "an operator cannot end before it starts")
        self.id = id; self.stage = stage; self.layer = layer; self.kind = kind; self.opClass = opClass
        self.unit = unit; self.devices = devices; self.start = start; self.end = end; self.bytes = bytes
        self.movedBytes = movedBytes; self.flops = flops; self.networkBytes = networkBytes; self.energy = energy
    }

    public var duration: SimTime { end - start }

    /// FLOPs per IR byte.
    public var opPerByte: Double { flops.perByte(bytes) }

    /// Moved bytes per shard / duration (zero for an instantaneous operator).
    public var achievedBandwidth: Bandwidth {
        duration > .zero ? .achieved(movedBytes, in: duration) : Bandwidth(bytesPerSecond: 0)
    }

    /// FLOPs per shard / duration.
    public var achievedFLOPS: FLOPRate {
        duration > .zero ? .achieved(flops, in: duration) : FLOPRate(flopsPerSecond: 0)
    }
}
