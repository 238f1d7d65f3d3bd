/// Bytes moved, by tensor class. Every class is an exact integer count of bytes at the plan's
/// storage format (`StorageFormat.bytesPerElement`), so a device model's charge and the
/// operator's analytic accounting can be compared with `==`.
public struct ByteTraffic: Codable, Sendable, Equatable, Hashable {
    /// Weight matrices read (GEMM B, expert up/gate/down).
    public var weights: Int64
    /// KV-cache keys and values read.
    public var kvCache: Int64
    /// Activations read (GEMM A, attention queries, expert input tokens).
    public var activationsIn: Int64
    /// Final outputs written.
    public var outputs: Int64
    /// Partial results written for a later merge (partial sums, online-softmax records).
    public var partials: Int64

    public init(weights: Int64 = 0, kvCache: Int64 = 0, activationsIn: Int64 = 0,
                outputs: Int64 = 0, partials: Int64 = 0) {
        self.weights = weights
        self.kvCache = kvCache
        self.activationsIn = activationsIn
        self.outputs = outputs
        self.partials = partials
    }

    /// All classes together.
    public var total: Int64 { weights + kvCache + activationsIn + outputs + partials }

    /// (class name, bytes) pairs in a fixed order, for reports.
    public var classes: [(String, Int64)] {
        [("weights", weights), ("kvCache", kvCache), ("activationsIn", activationsIn),
         ("outputs", outputs), ("partials", partials)]
    }

    public static func + (a: ByteTraffic, b: ByteTraffic) -> ByteTraffic {
        ByteTraffic(weights: a.weights + b.weights, kvCache: a.kvCache + b.kvCache,
                    activationsIn: a.activationsIn + b.activationsIn,
                    outputs: a.outputs + b.outputs, partials: a.partials + b.partials)
    }
}
