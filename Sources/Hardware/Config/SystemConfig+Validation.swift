import Foundation
import Units

extension SystemConfig {
    /// Every physically impossible or empty value, in a fixed order (empty when the system is usable).
    public func validate() -> [ConfigProblem] {
        var v = Validator()
        v.nonEmpty("name", name)
        v.atLeastOne("nodes", nodes)
        v.atLeastOne("devicesPerNode", devicesPerNode)

        let x = device.xpu
        v.nonEmpty("device.xpu.name", x.name)
        v.positive("device.xpu.peakFLOPS.fp16", x.peakFLOPS.fp16) { $0.flopsPerSecond }
        v.positive("device.xpu.peakFLOPS.bf16", x.peakFLOPS.bf16) { $0.flopsPerSecond }
        v.atLeastOne("device.xpu.smCount", x.smCount)
        v.positive("device.xpu.onChipSRAM", x.onChipSRAM) { Double($0.bytes) }
        v.atLeastOne("device.xpu.hbmStacks", x.hbmStacks)
        v.sourced("device.xpu.hbmPreset", x.hbmPreset)
        v.nonEmpty("device.xpu.hbmPreset.value", x.hbmPreset.value)
        v.positive("device.xpu.capacityPerStack", x.capacityPerStack) { Double($0.bytes) }
        v.positive("device.xpu.peakHBMBandwidth", x.peakHBMBandwidth) { $0.bytesPerSecond }

        if let p = device.memoryProcessor.pim {
            let base = "device.memoryProcessor"
            v.atLeastOne("\(base).unitsPerStack", p.unitsPerStack)
            v.sourced("\(base).clock", p.clock)
            v.atLeastOne("\(base).macsPerUnit", p.macsPerUnit)
            v.positive("\(base).bufferPerUnit", p.bufferPerUnit) { Double($0.bytes) }
            v.atLeastOne("\(base).sharedBufferCount", p.sharedBufferCount)
            v.positive("\(base).sharedBufferSize", p.sharedBufferSize) { Double($0.bytes) }
            v.positive("\(base).internalBandwidthMultiplier", p.internalBandwidthMultiplier) { $0 }
            v.positive("\(base).dataPathEnergy", p.dataPathEnergy) { $0.picojoulesPerBit }
            v.atLeastOne("\(base).softmaxElementsPerCycle", p.softmaxElementsPerCycle)
            let table = energy.dramPath.access(by: p.kind).value
            if p.dataPathEnergy.value != table {
                v.add("\(base).dataPathEnergy.value",
                      "is \(p.dataPathEnergy.value) but energy.dramPath gives \(table) for \(p.kind.rawValue)")
            }
        }

        for (key, link) in [("nvlink", links.nvlink), ("infiniband", links.infiniband)] {
            v.positive("links.\(key).bandwidthPerDirection", link.bandwidthPerDirection) { $0.bytesPerSecond }
            v.sourced("links.\(key).latency", link.latency)
            if link.latency.value < .zero { v.add("links.\(key).latency.value", "must not be negative") }
        }

        v.positive("energy.macFP16", energy.macFP16) { $0.picojoules }
        v.positive("energy.interDevice", energy.interDevice) { $0.picojoulesPerBit }
        v.positive("energy.dramActivation", energy.dramActivation) { $0.picojoules }
        v.positive("energy.sramAccess", energy.sramAccess) { $0.picojoulesPerBit }
        for entry in energy.dramPath.entries {
            v.positive("energy.dramPath.\(entry.key)", entry.value) { $0.picojoulesPerBit }
        }
        return v.problems
    }
}
