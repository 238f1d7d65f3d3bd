import Units

/// Everything the transaction-level model needs to know about a system, fixed for a run: the
/// config, the calibrated xPU model, the memory paths and the energy model, with the derived
/// per-stack rates of the memory-side processor.
public struct DeviceSystemModel: Sendable {
    public let config: SystemConfig
    public let xpu: XPUPerformanceModel
    public let memory: MemoryPathModel
    public let energy: EnergyModel
    /// Kernel costs memoised by shape, shared by every replay on this model.
    public let kernelCosts = KernelCostCache()

    public init(config: SystemConfig, xpu: XPUPerformanceModel, memory: MemoryPathModel) {
        precondition(memory.stacks == config.device.xpu.hbmStacks.value, "memory model and config disagree on stacks")
        precondition((memory.memoryProcessor != nil) == (config.device.memoryProcessor.pim != nil),
                     "memory model and config disagree on the memory-side processor")
        self.config = config
        self.xpu = xpu
        self.memory = memory
        self.energy = EnergyModel(config: config.energy, rowBytes: memory.rowBytes)
    }

    /// The memory-side processor's unit, nil on a plain GPU.
    public var memoryProcessorUnit: ExecutionUnit? { ExecutionUnit(memoryProcessor: config.device.memoryProcessor.kind) }

    public var stacks: Int { memory.stacks }

    /// Peak FLOP rate of one stack's memory-side units (units x MACs x 2 x clock).
    public var memoryProcessorStackFLOPS: FLOPRate? {
        guard let p = config.device.memoryProcessor.pim else { return nil }
        return FLOPRate(flopsPerSecond: Double(p.unitsPerStack.value) * Double(p.macsPerUnit.value) * 2 * Double(p.clock.value.hertz))
    }

    /// Softmax elements per second of one stack's softmax unit (elements per cycle x clock).
    public var softmaxElementsPerSecond: Double? {
        guard let p = config.device.memoryProcessor.pim else { return nil }
        return Double(p.softmaxElementsPerCycle.value) * Double(p.clock.value.hertz)
    }

    /// Time of `elements` on one stack's softmax unit, rounded up.
    func softmaxTime(_ elements: Int64) -> SimTime {
        guard let rate = softmaxElementsPerSecond else { preconditionFailure("no softmax unit on a plain GPU") }
        return SimTime(secondsRoundingUp: Double(elements) / rate)
    }

    /// The physics floor of `unit` for a whole device: bytes at the unit's peak path bandwidth
    /// (all stacks) and FLOPs at its peak rate; the larger. Network: zero.
    public func physicsFloor(unit: ExecutionUnit, bytes: ByteCount, flops: FLOPCount, dtype: DataType) -> SimTime {
        switch unit {
        case .xpu:
            return xpu.spec.physicalFloor(bytes: bytes, flops: flops, dtype: dtype)
        case .logicPIM, .bankGroupPIM, .bankPIM:
            guard let bandwidth = config.device.memoryProcessorInternalBandwidth,
                  let peak = config.device.memoryProcessorPeakFLOPS else { preconditionFailure("no memory-side processor") }
            return max(bandwidth.transferTime(bytes), peak.computeTime(flops))
        case .network:
            return .zero
        }
    }
}
