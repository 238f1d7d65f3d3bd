import Units

/// Dense peak compute rate of a processor per operand type.
public struct PeakFLOPS: Codable, Sendable, Equatable {
    public var fp16: Sourced<FLOPRate>
    public var bf16: Sourced<FLOPRate>

    public init(fp16: Sourced<FLOPRate>, bf16: Sourced<FLOPRate>) {
        self.fp16 = fp16
        self.bf16 = bf16
    }

    public subscript(dtype: DataType) -> FLOPRate {
        switch dtype {
        case .fp16: fp16.value
        case .bf16: bf16.value
        }
    }

    public init(from decoder: Decoder) throws {
        var object = try StrictObject(decoder, allowed: ["fp16", "bf16"])
        let fp16 = object.required("fp16", Sourced<FLOPRate>.self)
        let bf16 = object.required("bf16", Sourced<FLOPRate>.self)
        try object.finish()
        self.init(fp16: fp16!, bf16: bf16!)
    }
}
