import Units

/// The exact work of one operator shard: FLOPs, memory bytes by class, and bytes sent over the
/// interconnect (collectives only). Op/B is derived from these, never stored.
public struct OperatorCost: Hashable, Sendable {
    public var flops: FLOPCount
    public var memory: TrafficBytes
    /// Bytes this shard sends to other devices (ring collectives; 0 for local operators).
    public var networkSent: ByteCount

    public init(flops: FLOPCount, memory: TrafficBytes, networkSent: ByteCount = .zero) {
        self.flops = flops
        self.memory = memory
        self.networkSent = networkSent
    }

    public static let zero = OperatorCost(flops: .zero, memory: .zero)

    /// Arithmetic intensity: FLOPs per memory byte (+infinity when no memory bytes move).
    public var opPerByte: Double { flops.perByte(memory.total) }

    public static func + (lhs: OperatorCost, rhs: OperatorCost) -> OperatorCost {
        OperatorCost(flops: lhs.flops + rhs.flops, memory: lhs.memory + rhs.memory, networkSent: lhs.networkSent + rhs.networkSent)
    }

    public static func * (lhs: OperatorCost, rhs: Int64) -> OperatorCost {
        OperatorCost(flops: lhs.flops * rhs, memory: lhs.memory * rhs, networkSent: lhs.networkSent * rhs)
    }
}
