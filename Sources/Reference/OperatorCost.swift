/// FLOPs and bytes of an operator or fragment: the unit of the exact accounting check.
/// FLOPs count matrix arithmetic only (2 per multiply-accumulate); softmax, activation
/// functions, merges and the MoE weighted combine are not FLOPs here (formulas:
/// `PlannedOperation.cost(of:storage:)`, docs/reference.md).
public struct OperatorCost: Codable, Sendable, Equatable, Hashable {
    /// Floating-point operations.
    public var flops: Int64
    /// Bytes by tensor class.
    public var bytes: ByteTraffic

    public init(flops: Int64 = 0, bytes: ByteTraffic = ByteTraffic()) {
        self.flops = flops
        self.bytes = bytes
    }

    public static let zero = OperatorCost()

    public static func + (a: OperatorCost, b: OperatorCost) -> OperatorCost {
        OperatorCost(flops: a.flops + b.flops, bytes: a.bytes + b.bytes)
    }
}
