import DRAM
import Units

extension MemoryPathModel {
    /// Per-stack bytes of the two refresh-free calibration runs of `calibrated` (both end before
    /// the first refresh at nREFI = 3.9 us on every path of the presets: <= 6 MiB at >= 1.6 TB/s; smaller
    /// all-bank runs are not yet at their steady rate).
    public static let calibrationSizes = (small: ByteCount.mib(4), large: ByteCount.mib(6))
    /// Refresh intervals the long calibration run spans (to measure the stall per refresh).
    public static let calibrationRefreshes: Int64 = 1

    /// Rates calibrated on the DRAM model: the memory-side processor's path is measured at two
    /// tile sizes and fitted as time = latency + bytes / bandwidth (two points: bandwidth from
    /// the difference, latency from the small run, never negative). The xPU's rate stays at the
    /// config's peak: xPU operators take their time from the calibrated GPU model, and the xPU
    /// rate only appears in reports. Bundle spaces (ranks x bundles per rank) and the row size
    /// come from the preset's organisation.
    public static func calibrated(device: DeviceConfig, measurement: DRAMPathMeasurement) -> MemoryPathModel {
        let o = measurement.preset.organization
        let peak = analytic(device: device, bundleSpaces: o.ranks * o.bundlesPerRank, rowBytes: o.rowBytes)
        guard let unit = ExecutionUnit(memoryProcessor: device.memoryProcessor.kind) else {
            return MemoryPathModel(stacks: peak.stacks, bundleSpaces: peak.bundleSpaces, rowBytes: peak.rowBytes, xpu: peak.xpu,
                                   memoryProcessor: nil, source: "DRAM preset \(measurement.preset.name) organisation; peak rates")
        }
        let single = fit(unit: unit, bundles: 1, measurement: measurement)
        let striped = fit(unit: unit, bundles: peak.bundleSpaces, measurement: measurement)
        return MemoryPathModel(stacks: peak.stacks, bundleSpaces: peak.bundleSpaces, rowBytes: peak.rowBytes, xpu: peak.xpu,
                               memoryProcessor: single, memoryProcessorInterleaved: striped,
                               source: "DRAM model \(measurement.preset.name) (\(unit.rawValue) per stack: one bundle "
                                   + String(format: "%.1f GB/s + %.0f ns + %.0f ns per refresh, striped %.1f GB/s + %.0f ns + %.0f ns per refresh",
                                            single.bandwidthPerStack.gigabytesPerSecond, single.tileLatency.nanoseconds,
                                            single.refreshStall.nanoseconds, striped.bandwidthPerStack.gigabytesPerSecond,
                                            striped.tileLatency.nanoseconds, striped.refreshStall.nanoseconds) + ")")
    }

    /// Fit on the DRAM model: time = latency + bytes / bandwidth from two refresh-free runs, then
    /// the stall per refresh from a run spanning the first refresh and `calibrationRefreshes`
    /// more. The DRAM model refreshes every rank of a pseudo-channel together every nREFI, the
    /// first at nREFI (`DRAMPseudoChannelController`, docs/dram.md), so a run from time 0 that
    /// takes t runs into floor(t / nREFI) refreshes, on every path (one bundle, striped,
    /// all-bank). The rate charges each tile stall / nREFI of its time (`MemoryPathRate`).
    static func fit(unit: ExecutionUnit, bundles: Int, measurement: DRAMPathMeasurement) -> MemoryPathRate {
        let (small, large) = calibrationSizes
        let t1 = measurement.time(unit: unit, bytes: small, bundles: bundles)
        let t2 = measurement.time(unit: unit, bytes: large, bundles: bundles)
        precondition(t2 > t1, "DRAM model: \(large) must take longer than \(small)")
        let bandwidth = Bandwidth(bytesPerSecond: Double(large.bytes - small.bytes) / (t2 - t1).seconds)
        let latency = max(.zero, t1 - bandwidth.transferTime(small))
        let preset = measurement.preset
        let interval = preset.organization.clock.time(ofCycle: preset.timing.nREFI)
        let requestBytes = measurement.requestBytes(unit: unit).bytes
        let longBytes = Int64(bandwidth.bytesPerSecond * (interval * (1 + calibrationRefreshes)).seconds) / requestBytes * requestBytes
        let long = ByteCount(bytes: longBytes)
        let tLong = measurement.time(unit: unit, bytes: long, bundles: bundles)
        let base = latency + bandwidth.transferTime(long)
        let refreshes = tLong.picoseconds / interval.picoseconds
        let stall = refreshes > 0 && tLong > base ? SimTime(picoseconds: (tLong - base).picoseconds / refreshes) : .zero
        return MemoryPathRate(bandwidthPerStack: bandwidth, tileLatency: latency, refreshInterval: interval, refreshStall: stall)
    }
}
