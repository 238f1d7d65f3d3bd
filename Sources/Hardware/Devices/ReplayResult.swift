import Units
import Workloads

/// The outcome of a replay: one record per operator (in id order), stage boundaries, the
/// makespan and what the event kernel did.
public struct ReplayResult: Sendable {
    public let systemName: String
    public let placementName: String
    /// Where the memory rates came from (`MemoryPathModel.source`).
    public let memorySource: String
    public let records: [OperatorRecord]
    /// The end of each stage, in stage order (stages start where the previous one ended).
    public let stageEnds: [(stage: Int, end: SimTime)]
    /// Events the kernel executed (simulated; copied segments are counted in `reuse.events`).
    public let events: Int64
    /// Resource bookings made (tiles; copied segments are counted in `reuse.bookings`).
    public let bookings: Int64
    /// Segments, and those copied from an equal earlier segment (docs/devices.md).
    public let reuse: SegmentReuse

    /// From time zero to the end of the last operator.
    public var makespan: SimTime { records.map(\.end).max() ?? .zero }

    /// Energy of all operators.
    public var energy: EnergyBreakdown { records.reduce(.zero) { $0 + $1.energy } }

    /// One row per (operator class, unit) in class then unit order.
    public struct Group: Sendable, Hashable {
        public let opClass: OperatorClass
        public let unit: ExecutionUnit
        public let operators: Int
        /// Sum of operator durations (operators may overlap).
        public let busy: SimTime
        /// Per-shard FLOPs x shards, summed.
        public let flops: FLOPCount
        /// Per-shard bytes moved x devices, summed.
        public let movedBytes: ByteCount
        public let energy: EnergyBreakdown
    }

    /// Operators grouped by class and unit, sorted (never dictionary order).
    public var groups: [Group] {
        var keys: [(OperatorClass, ExecutionUnit)] = []
        for r in records where !keys.contains(where: { $0 == (r.opClass, r.unit) }) { keys.append((r.opClass, r.unit)) }
        keys.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return keys.map { key in
            let members = records.filter { $0.opClass == key.0 && $0.unit == key.1 }
            return Group(opClass: key.0, unit: key.1, operators: members.count,
                         busy: members.reduce(.zero) { $0 + $1.duration },
                         flops: members.reduce(.zero) { $0 + $1.flops * Int64($1.devices) },
                         movedBytes: members.reduce(.zero) { $0 + $1.movedBytes * Int64($1.devices) },
                         energy: members.reduce(.zero) { $0 + $1.energy })
        }
    }
}
