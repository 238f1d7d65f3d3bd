import Workloads

/// The key of the kernel-cost cache: an operator shard's shape and data type on a unit.
struct KernelKey: Hashable, Sendable {
    var shape: OperatorShape
    var dtype: DType
    var unit: RooflineUnit
}
