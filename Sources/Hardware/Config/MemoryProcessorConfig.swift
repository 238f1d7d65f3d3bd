import Units

/// The memory-side processor of a device: `{"kind": "none"}` or a PIM design with all its fields.
public struct MemoryProcessorConfig: Codable, Sendable, Equatable {
    /// The PIM units; nil for a plain GPU (`kind` "none").
    public var pim: PIMConfig?

    public init(pim: PIMConfig?) {
        precondition(pim?.kind != MemoryProcessorKind.none, "a PIM config must not be of kind none")
        self.pim = pim
    }

    public var kind: MemoryProcessorKind { pim?.kind ?? .none }

    static let pimKeys = ["unitsPerStack", "clock", "macsPerUnit", "bufferPerUnit", "sharedBufferCount",
                          "sharedBufferSize", "internalBandwidthMultiplier", "dataPathEnergy", "softmaxElementsPerCycle"]

    public init(from decoder: Decoder) throws {
        var probe = try StrictObject(decoder, allowed: ["kind"] + MemoryProcessorConfig.pimKeys)
        guard let kind = probe.required("kind", MemoryProcessorKind.self) else {
            try probe.finish()
            preconditionFailure("finish() throws after a failed required field")
        }
        if kind == .none {
            for key in MemoryProcessorConfig.pimKeys where probe.contains(key) {
                probe.reject(key, "not allowed when kind is \"none\"")
            }
            try probe.finish()
            self.pim = nil
            return
        }
        let units = probe.required("unitsPerStack", Sourced<Int>.self)
        let clock = probe.required("clock", Sourced<Frequency>.self)
        let macs = probe.required("macsPerUnit", Sourced<Int>.self)
        let buffer = probe.required("bufferPerUnit", Sourced<ByteCount>.self)
        let sharedCount = probe.required("sharedBufferCount", Sourced<Int>.self)
        let sharedSize = probe.required("sharedBufferSize", Sourced<ByteCount>.self)
        let multiplier = probe.required("internalBandwidthMultiplier", Sourced<Double>.self)
        let energy = probe.required("dataPathEnergy", Sourced<EnergyPerBit>.self)
        let softmax = probe.required("softmaxElementsPerCycle", Sourced<Int>.self)
        try probe.finish()
        self.pim = PIMConfig(kind: kind, unitsPerStack: units!, clock: clock!, macsPerUnit: macs!,
                             bufferPerUnit: buffer!, sharedBufferCount: sharedCount!, sharedBufferSize: sharedSize!,
                             internalBandwidthMultiplier: multiplier!, dataPathEnergy: energy!,
                             softmaxElementsPerCycle: softmax!)
    }

    enum CodingKeys: String, CodingKey {
        case kind, unitsPerStack, clock, macsPerUnit, bufferPerUnit, sharedBufferCount, sharedBufferSize
        case internalBandwidthMultiplier, dataPathEnergy, softmaxElementsPerCycle
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        guard let pim else { return }
        try c.encode(pim.unitsPerStack, forKey: .unitsPerStack)
        try c.encode(pim.clock, forKey: .clock)
        try c.encode(pim.macsPerUnit, forKey: .macsPerUnit)
        try c.encode(pim.bufferPerUnit, forKey: .bufferPerUnit)
        try c.encode(pim.sharedBufferCount, forKey: .sharedBufferCount)
        try c.encode(pim.sharedBufferSize, forKey: .sharedBufferSize)
        try c.encode(pim.internalBandwidthMultiplier, forKey: .internalBandwidthMultiplier)
        try c.encode(pim.dataPathEnergy, forKey: .dataPathEnergy)
        try c.encode(pim.softmaxElementsPerCycle, forKey: .softmaxElementsPerCycle)
    }
}
