import Units

extension SystemConfig {
    /// Devices in the whole system: nodes x devices per node.
    public var deviceCount: Int { nodes.value * devicesPerNode.value }
}

extension DeviceConfig {
    /// Peak FLOP rate of the memory-side processor of one device (all stacks):
    /// stacks x units x MACs x 2 FLOP x clock. Nil for a plain GPU.
    /// Duplex: 5 x 32 x 512 x 2 x 650 MHz = 106.5 TFLOPS.
    public var memoryProcessorPeakFLOPS: FLOPRate? {
        guard let p = memoryProcessor.pim else { return nil }
        let macs = Double(xpu.hbmStacks.value) * Double(p.unitsPerStack.value) * Double(p.macsPerUnit.value)
        return FLOPRate(flopsPerSecond: macs * 2 * Double(p.clock.value.hertz))
    }

    /// Internal bandwidth of the memory-side processor of one device: multiplier x the xPU's peak
    /// HBM bandwidth. Duplex: 4 x 3.352 TB/s = 13.4 TB/s. Nil for a plain GPU.
    public var memoryProcessorInternalBandwidth: Bandwidth? {
        guard let p = memoryProcessor.pim else { return nil }
        return xpu.peakHBMBandwidth.value * p.internalBandwidthMultiplier.value
    }

    /// Ridge point (Op/B) of the memory-side processor: peak FLOPS / internal bandwidth (Logic-PIM ~8).
    public var memoryProcessorRidgePoint: Double? {
        guard let flops = memoryProcessorPeakFLOPS, let bandwidth = memoryProcessorInternalBandwidth else { return nil }
        return flops.ridgePoint(bandwidth)
    }

    /// Peak FLOP rate of one PIM unit: MACs x 2 x clock.
    public var memoryProcessorUnitFLOPS: FLOPRate? {
        guard let p = memoryProcessor.pim else { return nil }
        return FLOPRate(flopsPerSecond: Double(p.macsPerUnit.value) * 2 * Double(p.clock.value.hertz))
    }
}
