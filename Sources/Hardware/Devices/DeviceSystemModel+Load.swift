import DRAM
import Foundation
import Units

extension DeviceSystemModel {
    /// Where the memory-side processor's path rates come from.
    public enum MemoryRates: String, Sendable, CaseIterable {
        /// Measured on the command-level DRAM model of the xPU's `hbmPreset` (the default).
        case dram
        /// The config's peak internal bandwidth, no per-tile latency (an upper bound).
        case peak
    }

    /// The device model of `config`: its xPU calibrated from `calibrationDirectory` (as
    /// `calibratedAs` when given); memory paths from the DRAM preset the config names
    /// (`device.xpu.hbmPreset`). A system with a memory-side processor needs that preset (its
    /// error names the preset and the available ones); a plain GPU whose preset the DRAM module
    /// does not have (a100's hbm2e-3.2) falls back to the reference's HBM3 organisation facts
    /// (4 bundle spaces, 1 KB rows), which then only set activation counts.
    public static func load(config: SystemConfig, calibrationDirectory: URL, calibratedAs: String? = nil,
                            memoryRates: MemoryRates = .dram) throws -> DeviceSystemModel {
        let xpu = try XPUPerformanceModel.load(xpu: config.device.xpu, calibratedAs: calibratedAs, calibrationDirectory: calibrationDirectory)
        let presetName = config.device.xpu.hbmPreset.value
        let memory: MemoryPathModel
        if DRAMPreset.builtinNames.contains(presetName) || config.device.memoryProcessor.pim != nil {
            let measurement = DRAMPathMeasurement(preset: try DRAMPreset.builtin(named: presetName))
            let o = measurement.preset.organization
            switch memoryRates {
            case .dram: memory = MemoryPathModel.calibrated(device: config.device, measurement: measurement)
            case .peak: memory = MemoryPathModel.analytic(device: config.device, bundleSpaces: o.ranks * o.bundlesPerRank, rowBytes: o.rowBytes)
            }
        } else {
            memory = MemoryPathModel.analytic(device: config.device, bundleSpaces: ReferenceHBMFacts.bundleSpaces,
                                              rowBytes: ReferenceHBMFacts.rowBytes)
        }
        return DeviceSystemModel(config: config, xpu: xpu, memory: memory)
    }

    /// HBM3 organisation facts of shared/reference/duplex-system.md ("HBM3 stack", "Bank
    /// bundle"), used only for plain GPUs whose DRAM preset the DRAM module lacks.
    public enum ReferenceHBMFacts {
        /// Bank bundles per pseudo-channel: 2 ranks x 2 bundles.
        public static let bundleSpaces = 4
        /// Bytes of one pseudo-channel bank row.
        public static let rowBytes = ByteCount.kib(1)
    }

    /// Time and energy of streaming `bytes` (read once) through `unit` of one device: the xPU's
    /// calibrated stream, or the memory-side processor's path on all stacks in parallel.
    public func stream(bytes: ByteCount, unit: ExecutionUnit) -> (time: SimTime, energy: EnergyBreakdown) {
        let time: SimTime
        if unit.isMemoryProcessor {
            let perStack = ByteCount(bytes: (bytes.bytes + Int64(stacks) - 1) / Int64(stacks))
            time = max(memory.rate(for: unit, interleaved: true).time(perStack), physicsFloor(unit: unit, bytes: bytes, flops: .zero, dtype: .fp16))
        } else {
            time = xpu.memoryStreamTime(bytes: bytes)
        }
        return (time, localEnergy(bytes: bytes, by: unit, flops: .zero))
    }
}
