import Units

/// The trace representation of an operator (docs/trace-format.md). Decoding checks everything the
/// initialiser would trap on, plus that the stored cost equals the cost derived from the shape,
/// and reports the offending field through the decoding error's coding path.
extension Operator: Codable {
    enum CodingKeys: String, CodingKey {
        case id, stage, layer, kind, dtype, shards, request, expert, shape, flops, bytes
        case networkBytes = "network_bytes", deps
    }

    struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func corrupt(_ path: [CodingKey], _ reason: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: decoder.codingPath + path, debugDescription: reason))
        }
        let id = try c.decode(Int.self, forKey: .id)
        let stage = try c.decode(Int.self, forKey: .stage)
        let layer = try c.decodeIfPresent(Int.self, forKey: .layer)
        let kind = try c.decode(OperatorKind.self, forKey: .kind)
        let dtype = try c.decode(DType.self, forKey: .dtype)
        let shards = try c.decode(Int.self, forKey: .shards)
        let request = try c.decodeIfPresent(Int.self, forKey: .request)
        let expert = try c.decodeIfPresent(Int.self, forKey: .expert)
        if id < 0 { throw corrupt([CodingKeys.id], "must not be negative, got \(id)") }
        if stage < 0 { throw corrupt([CodingKeys.stage], "must not be negative, got \(stage)") }
        if let layer, layer < 0 { throw corrupt([CodingKeys.layer], "must not be negative, got \(layer)") }
        if shards < 1 { throw corrupt([CodingKeys.shards], "must be positive, got \(shards)") }
        if (kind == .attention) != (request != nil) {
            throw corrupt([CodingKeys.request], kind == .attention ? "required for attention operators" : "only attention operators name a request")
        }
        if (kind == .expertFFN) != (expert != nil) {
            throw corrupt([CodingKeys.expert], kind == .expertFFN ? "required for expert_ffn operators" : "only expert_ffn operators name an expert")
        }
        let shape: OperatorShape
        switch kind.shapeName {
        case "gemm": shape = .gemm(try c.decode(GEMMShape.self, forKey: .shape))
        case "attention": shape = .attention(try c.decode(AttentionShape.self, forKey: .shape))
        case "ffn": shape = .ffn(try c.decode(FFNShape.self, forKey: .shape))
        case "norm": shape = .norm(try c.decode(NormShape.self, forKey: .shape))
        case "router": shape = .router(try c.decode(RouterShape.self, forKey: .shape))
        default: shape = .collective(try c.decode(CollectiveShape.self, forKey: .shape))
        }
        if let problem = shape.problems.first {
            throw corrupt([CodingKeys.shape, FieldKey(problem.field)], problem.reason)
        }
        if !shape.costFitsInt64 {
            throw corrupt([CodingKeys.shape], "is too large: its FLOPs or bytes would overflow 64-bit counts")
        }
        if case .collective(let collective) = shape {
            let expected: CollectiveShape.Pattern = kind == .allReduce ? .allReduce : .allToAll
            if collective.pattern != expected {
                throw corrupt([CodingKeys.shape, FieldKey("pattern")], "is \(collective.pattern.rawValue) but kind is \(kind.rawValue)")
            }
            if collective.groupSize != shards {
                throw corrupt([CodingKeys.shards], "is \(shards) but a collective runs on each of its group_size \(collective.groupSize) devices")
            }
        }
        let deps = try c.decode([Int].self, forKey: .deps)
        for (index, dep) in deps.enumerated() where dep < 0 || dep >= id {
            throw corrupt([CodingKeys.deps, FieldKey("[\(index)]")], "\(dep) does not name an earlier operator (ids below \(id))")
        }
        self.init(id: id, stage: stage, layer: layer, kind: kind, dtype: dtype, shards: shards,
                  request: request, expert: expert, shape: shape, dependencies: deps)

        // The stored cost must equal the accounting: a trace cannot carry numbers we cannot explain.
        let flops = try c.decode(Int64.self, forKey: .flops)
        if flops != cost.flops.flops {
            throw corrupt([CodingKeys.flops], "is \(flops), but the shape's accounting gives \(cost.flops.flops)")
        }
        let bytes = try c.decode(TrafficBytes.self, forKey: .bytes)
        let expected = cost.memory
        let classes: [(String, ByteCount, ByteCount)] = [
            ("weights", bytes.weights, expected.weights), ("kv_read", bytes.kvRead, expected.kvRead),
            ("kv_write", bytes.kvWrite, expected.kvWrite), ("act_in", bytes.activationsIn, expected.activationsIn),
            ("act_out", bytes.activationsOut, expected.activationsOut),
            ("intermediate", bytes.intermediate, expected.intermediate),
        ]
        for (name, stored, derived) in classes where stored != derived {
            throw corrupt([CodingKeys.bytes, FieldKey(name)], "is \(stored.bytes), but the shape's accounting gives \(derived.bytes)")
        }
        let network = try c.decode(Int64.self, forKey: .networkBytes)
        if network != cost.networkSent.bytes {
            throw corrupt([CodingKeys.networkBytes], "is \(network), but the shape's accounting gives \(cost.networkSent.bytes)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(stage, forKey: .stage)
        try c.encodeIfPresent(layer, forKey: .layer)
        try c.encode(kind, forKey: .kind)
        try c.encode(dtype, forKey: .dtype)
        try c.encode(shards, forKey: .shards)
        try c.encodeIfPresent(request, forKey: .request)
        try c.encodeIfPresent(expert, forKey: .expert)
        switch shape {
        case .gemm(let s): try c.encode(s, forKey: .shape)
        case .attention(let s): try c.encode(s, forKey: .shape)
        case .ffn(let s): try c.encode(s, forKey: .shape)
        case .norm(let s): try c.encode(s, forKey: .shape)
        case .router(let s): try c.encode(s, forKey: .shape)
        case .collective(let s): try c.encode(s, forKey: .shape)
        }
        try c.encode(cost.flops.flops, forKey: .flops)
        try c.encode(cost.memory, forKey: .bytes)
        try c.encode(cost.networkSent.bytes, forKey: .networkBytes)
        try c.encode(dependencies, forKey: .deps)
    }
}
