/// How one operator is split across units, as plain data (Codable, Sendable): what the
/// device models emit and what `PlanExecutor` checks.
///
/// - `operation`: the operator and its shape (and, for MoE, the routing);
/// - `fragments`: the pieces, each with its unit, stack, region and optional charged cost;
/// - `merge`: how fragments writing the same outputs combine (`MergeRule`);
/// - `storage`: the format hardware stores tensors in (FP16 for the Duplex models);
/// - `expected`: the operator's analytic FLOPs and bytes under this placement (from the
///   `Workloads` accounting), which the fragments' costs must sum to *exactly*.
public struct PartitionPlan: Codable, Sendable, Equatable, Hashable {
    /// Name in reports, e.g. "layer0.attention.decode".
    public var operatorName: String
    public var operation: PlannedOperation
    public var fragments: [PlanFragment]
    public var merge: MergeRule
    public var storage: StorageFormat
    public var expected: OperatorCost

    public init(operatorName: String, operation: PlannedOperation, fragments: [PlanFragment],
                merge: MergeRule, storage: StorageFormat, expected: OperatorCost) {
        self.operatorName = operatorName
        self.operation = operation
        self.fragments = fragments
        self.merge = merge
        self.storage = storage
        self.expected = expected
    }
}
