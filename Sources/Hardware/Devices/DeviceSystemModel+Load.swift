import Foundation
import Units

extension DeviceSystemModel {
    /// HBM organisation facts of the transaction-level model (shared/reference/duplex-system.md,
    /// "HBM3 stack" and "Bank bundle"): 2 ranks x 2 bundles per pseudo-channel, 1 KB rows.
    public enum HBMFacts {
        /// Bank bundles per pseudo-channel (ranks x bundles per rank).
        public static let bundleSpaces = 4
        /// Bytes of one pseudo-channel bank row.
        public static let rowBytes = ByteCount.kib(1)
    }

    /// The device model of `config`: its xPU calibrated from `calibrationDirectory` (as
    /// `calibratedAs` when given), analytic memory paths at the config's peaks.
    public static func load(config: SystemConfig, calibrationDirectory: URL,
                            calibratedAs: String? = nil) throws(CalibrationError) -> DeviceSystemModel {
        let xpu = try XPUPerformanceModel.load(xpu: config.device.xpu, calibratedAs: calibratedAs, calibrationDirectory: calibrationDirectory)
        let memory = MemoryPathModel.analytic(device: config.device, bundleSpaces: HBMFacts.bundleSpaces, rowBytes: HBMFacts.rowBytes)
        return DeviceSystemModel(config: config, xpu: xpu, memory: memory)
    }

    /// Time and energy of streaming `bytes` (read once) through `unit` of one device: the xPU's
    /// calibrated stream, or the memory-side processor's path on all stacks in parallel.
    public func stream(bytes: ByteCount, unit: ExecutionUnit) -> (time: SimTime, energy: EnergyBreakdown) {
        let time: SimTime
        if unit.isMemoryProcessor {
            let perStack = ByteCount(bytes: (bytes.bytes + Int64(stacks) - 1) / Int64(stacks))
            time = max(memory.rate(for: unit).time(perStack), physicsFloor(unit: unit, bytes: bytes, flops: .zero, dtype: .fp16))
        } else {
            time = xpu.memoryStreamTime(bytes: bytes)
        }
        return (time, localEnergy(bytes: bytes, by: unit, flops: .zero))
    }
}
