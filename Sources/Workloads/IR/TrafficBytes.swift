import Units

/// Memory traffic of one operator shard, split by tensor class. All exact byte counts.
///
/// Encoded in traces as integers of bytes under the keys `weights`, `kv_read`, `kv_write`,
/// `act_in`, `act_out`, `intermediate` (docs/trace-format.md).
public struct TrafficBytes: Hashable, Sendable, Codable {
    /// Weights (and norm gains/biases) read.
    public var weights: ByteCount = .zero
    /// KV-cache entries read (once per KV head, shared by its GQA group).
    public var kvRead: ByteCount = .zero
    /// KV-cache entries written (the new tokens' K and V).
    public var kvWrite: ByteCount = .zero
    /// Activations read from memory (inputs produced by earlier operators).
    public var activationsIn: ByteCount = .zero
    /// Activations written to memory (outputs consumed by later operators).
    public var activationsOut: ByteCount = .zero
    /// Intermediates written to memory and read back inside the operator (a materialised score
    /// matrix, unfused FFN intermediates), both directions counted.
    public var intermediate: ByteCount = .zero

    public init(weights: ByteCount = .zero, kvRead: ByteCount = .zero, kvWrite: ByteCount = .zero,
                activationsIn: ByteCount = .zero, activationsOut: ByteCount = .zero, intermediate: ByteCount = .zero) {
        self.weights = weights; self.kvRead = kvRead; self.kvWrite = kvWrite
        self.activationsIn = activationsIn; self.activationsOut = activationsOut; self.intermediate = intermediate
    }

    public static let zero = TrafficBytes()

    /// All memory bytes moved: the denominator of Op/B.
    public var total: ByteCount { weights + kvRead + kvWrite + activationsIn + activationsOut + intermediate }

    public static func + (lhs: TrafficBytes, rhs: TrafficBytes) -> TrafficBytes {
        TrafficBytes(weights: lhs.weights + rhs.weights, kvRead: lhs.kvRead + rhs.kvRead, kvWrite: lhs.kvWrite + rhs.kvWrite,
                     activationsIn: lhs.activationsIn + rhs.activationsIn, activationsOut: lhs.activationsOut + rhs.activationsOut,
                     intermediate: lhs.intermediate + rhs.intermediate)
    }

    public static func * (lhs: TrafficBytes, rhs: Int64) -> TrafficBytes {
        TrafficBytes(weights: lhs.weights * rhs, kvRead: lhs.kvRead * rhs, kvWrite: lhs.kvWrite * rhs,
                     activationsIn: lhs.activationsIn * rhs, activationsOut: lhs.activationsOut * rhs,
                     intermediate: lhs.intermediate * rhs)
    }

    enum CodingKeys: String, CodingKey {
        case weights, kvRead = "kv_read", kvWrite = "kv_write", activationsIn = "act_in"
        case activationsOut = "act_out", intermediate
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys) throws -> ByteCount {
            let value = try c.decode(Int64.self, forKey: key)
            guard value >= 0 else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "must be a non-negative byte count, got \(value)")
            }
            return ByteCount(bytes: value)
        }
        weights = try read(.weights); kvRead = try read(.kvRead); kvWrite = try read(.kvWrite)
        activationsIn = try read(.activationsIn); activationsOut = try read(.activationsOut)
        intermediate = try read(.intermediate)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(weights.bytes, forKey: .weights); try c.encode(kvRead.bytes, forKey: .kvRead)
        try c.encode(kvWrite.bytes, forKey: .kvWrite); try c.encode(activationsIn.bytes, forKey: .activationsIn)
        try c.encode(activationsOut.bytes, forKey: .activationsOut); try c.encode(intermediate.bytes, forKey: .intermediate)
    }
}
