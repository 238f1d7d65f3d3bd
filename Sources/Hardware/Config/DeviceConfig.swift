/// One device: an xPU with its HBM, and the memory-side processor in those stacks.
public struct DeviceConfig: Codable, Sendable, Equatable {
    public var xpu: XPUConfig
    public var memoryProcessor: MemoryProcessorConfig

    public init(xpu: XPUConfig, memoryProcessor: MemoryProcessorConfig) {
        self.xpu = xpu
        self.memoryProcessor = memoryProcessor
    }

    public init(from decoder: Decoder) throws {
        var o = try StrictObject(decoder, allowed: ["xpu", "memoryProcessor"])
        let xpu = o.required("xpu", XPUConfig.self)
        let memory = o.required("memoryProcessor", MemoryProcessorConfig.self)
        try o.finish()
        self.init(xpu: xpu!, memoryProcessor: memory!)
    }
}
