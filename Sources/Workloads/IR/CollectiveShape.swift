import Units

/// A collective over a group of `groupSize` devices; each device contributes a tensor of
/// `elements` elements. Cost is per device (the operator's `shards` equals `groupSize`).
///
/// Ring algorithms (the Duplex authors' code models all-reduce as a ring), p = groupSize,
/// n = elements, s = bytes per element; `elements` must be a multiple of p:
/// - all-reduce (reduce-scatter + all-gather): FLOPs = (p-1) * n/p additions; network sent =
///   2 * (p-1) * n/p * s
/// - all-to-all: FLOPs = 0; network sent = (p-1) * n/p * s (the n/p elements kept locally do not travel)
/// - both: act_in = n * s (the local tensor read), act_out = n * s (the result written)
public struct CollectiveShape: Hashable, Sendable, Codable {
    public enum Pattern: String, Hashable, Sendable, Codable, CaseIterable {
        case allReduce = "all_reduce"
        case allToAll = "all_to_all"
    }

    public var pattern: Pattern
    public var groupSize: Int
    public var elements: Int

    public init(pattern: Pattern, groupSize: Int, elements: Int) {
        self.pattern = pattern; self.groupSize = groupSize; self.elements = elements
    }

    enum CodingKeys: String, CodingKey { case pattern, groupSize = "group_size", elements }

    public var problems: [(field: String, reason: String)] {
        var found: [(String, String)] = []
        if groupSize < 2 { found.append(("group_size", "must be at least 2, got \(groupSize)")) }
        if elements < 1 { found.append(("elements", "must be positive, got \(elements)")) }
        if groupSize >= 2, elements % groupSize != 0 {
            found.append(("elements", "\(elements) is not a multiple of group_size \(groupSize)"))
        }
        return found
    }

    /// The tensor size each device contributes, in bytes (the message size).
    public func messageBytes(dtype: DType) -> ByteCount { ByteCount(bytes: Int64(elements) * dtype.bytesPerElement) }

    /// An upper bound of the largest count in `cost`, in floating point (overflow guard).
    var workBound: Double { 8 * Double(elements) }

    public func cost(dtype: DType) -> OperatorCost {
        let s = dtype.bytesPerElement, p = Int64(groupSize), n = Int64(elements)
        precondition(p >= 2 && n % p == 0, "collective of \(n) elements over \(p) devices")
        let chunk = n / p
        let memory = TrafficBytes(activationsIn: ByteCount(bytes: n * s), activationsOut: ByteCount(bytes: n * s))
        switch pattern {
        case .allReduce:
            return OperatorCost(flops: FLOPCount(flops: (p - 1) * chunk), memory: memory, networkSent: ByteCount(bytes: 2 * (p - 1) * chunk * s))
        case .allToAll:
            return OperatorCost(flops: .zero, memory: memory, networkSent: ByteCount(bytes: (p - 1) * chunk * s))
        }
    }
}
