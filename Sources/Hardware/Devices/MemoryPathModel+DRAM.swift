import DRAM
import Units

extension MemoryPathModel {
    /// Per-stack tile sizes of the two back-to-back calibration streams of `calibrated`: whole
    /// rounds of rows on every path of the presets (1 MiB = 4 bundle rows, one per bundle space
    /// when striped, or 2 all-bank rows, one per rank). On the DRAM model the time of a tile
    /// after a tile is linear in whole rounds of rows (docs/devices.md), so two sizes fix the
    /// sustained rate.
    public static let calibrationSizes = (small: ByteCount.mib(1), large: ByteCount.mib(4))
    /// Refresh intervals the long calibration run spans (to measure the stall per refresh).
    public static let calibrationRefreshes: Int64 = 1

    /// Rates calibrated on the DRAM model: the memory-side processor's path is measured as a
    /// stream of tiles run back to back (what a replay does: a unit runs tile after tile) and
    /// fitted as `MemoryPathRate`'s row model (column rate, latency, row overhead, and for
    /// Bank-PIM's all-bank path two staggered rank streams; `fit`). The xPU's rate stays at the config's
    /// peak: xPU operators take their time from the calibrated GPU model, and the xPU rate only
    /// appears in reports. Bundle spaces (ranks x bundles per rank) and the row size come from
    /// the preset's organisation. Runs on one pseudo-channel (all see the same requests and
    /// share no timing rule: `backToBackTime`).
    public static func calibrated(device: DeviceConfig, measurement: DRAMPathMeasurement) -> MemoryPathModel {
        let o = measurement.preset.organization
        let peak = analytic(device: device, bundleSpaces: o.ranks * o.bundlesPerRank, rowBytes: o.rowBytes)
        guard let unit = ExecutionUnit(memoryProcessor: device.memoryProcessor.kind) else {
            return MemoryPathModel(stacks: peak.stacks, bundleSpaces: peak.bundleSpaces, rowBytes: peak.rowBytes, xpu: peak.xpu,
                                   memoryProcessor: nil, source: "DRAM preset \(measurement.preset.name) organisation; peak rates")
        }
        let single = fit(unit: unit, bundles: 1, measurement: measurement)
        // All-bank reads ignore bundles: one path, striped or not.
        let striped = unit == .bankPIM ? single : fit(unit: unit, bundles: peak.bundleSpaces, measurement: measurement)
        func describe(_ r: MemoryPathRate) -> String {
            String(format: "%.1f GB/s sustained (columns %.1f GB/s + %.1f ns latency + %.1f ns per further row",
                   r.sustainedBandwidth.gigabytesPerSecond, r.bandwidthPerStack.gigabytesPerSecond, r.tileLatency.nanoseconds,
                   r.rowOverhead.nanoseconds)
                + (r.rowStreams > 1 ? ", \(r.rowStreams) row streams" + String(format: " staggered %.1f ns", r.streamStagger.nanoseconds) : "")
                + ", rows of \(r.rowSpan))" + String(format: " + %.0f ns per refresh", r.refreshStall.nanoseconds)
        }
        return MemoryPathModel(stacks: peak.stacks, bundleSpaces: peak.bundleSpaces, rowBytes: peak.rowBytes, xpu: peak.xpu,
                               memoryProcessor: single, memoryProcessorInterleaved: striped,
                               source: "DRAM model \(measurement.preset.name) (\(unit.rawValue) per stack, tile after tile: one bundle "
                                   + describe(single) + ", striped " + describe(striped) + ")")
    }

    /// Fit on the DRAM model, refresh off, on the time of a tile after a tile whose data starts
    /// at a row boundary (`DRAMPathMeasurement.tileAfterTileTime`, `rowAligned`), R = one row
    /// (`rowSpan`), S row streams (the ranks for the all-bank path, else 1):
    ///
    /// - column rate c (per stream) from a row and half a row: c = (R / 2) / (t(R) - t(R / 2));
    ///   bandwidthPerStack = S c;
    /// - latency = t(R) - R / c (one row: activation, reads, the tail of the last read);
    /// - stagger = (t(S R) - t(R)) / (S - 1) (one row on every stream);
    /// - row overhead from the sustained rate B of the two `calibrationSizes` (whole rounds of
    ///   rows; B from the difference): a stream's row takes S R / B, of which R / c reads.
    ///
    /// Then the stall per refresh, from one run from time 0 spanning the first refresh and
    /// `calibrationRefreshes` more, with refresh on against the same run with refresh off. The
    /// DRAM model refreshes every rank of a pseudo-channel together every nREFI, the first at
    /// nREFI (`DRAMPseudoChannelController`, docs/dram.md), so a run that takes t runs into
    /// floor(t / nREFI) refreshes, on every path (one bundle, striped, all-bank). The rate
    /// charges each tile stall / nREFI of its time (`MemoryPathRate`).
    static func fit(unit: ExecutionUnit, bundles: Int, measurement: DRAMPathMeasurement) -> MemoryPathRate {
        let (small, large) = calibrationSizes
        let preset = measurement.preset, o = preset.organization
        let free = DRAMPathMeasurement(preset: preset, controller: withoutRefresh(measurement.controller))
        let streams = unit == .bankPIM ? o.ranks : 1
        let span = measurement.rowSpan(unit: unit)
        precondition(small.bytes % (span.bytes * Int64(max(streams, bundles))) == 0 && large.bytes % small.bytes == 0,
                     "calibration sizes must be whole rounds of rows")
        func tile(_ bytes: ByteCount) -> SimTime { free.tileAfterTileTime(unit: unit, bytes: bytes, bundles: bundles, rowAligned: true) }
        let row = tile(span), half = tile(ByteCount(bytes: span.bytes / 2))
        precondition(row > half, "DRAM model: a row must take longer than half a row")
        let column = Bandwidth(bytesPerSecond: Double(span.bytes / 2) / (row - half).seconds)
        let latency = max(.zero, row - column.transferTime(span))
        let stagger = streams > 1 ? SimTime(picoseconds: max(0, (tile(span * Int64(streams)) - row).picoseconds / Int64(streams - 1))) : .zero
        let t1 = tile(small), t2 = tile(large)
        precondition(t2 > t1, "DRAM model: \(large) must take longer than \(small)")
        let sustained = Bandwidth(bytesPerSecond: Double(large.bytes - small.bytes) / (t2 - t1).seconds)
        let period = SimTime(picosecondsRoundingUp: Double(span.bytes) * Double(streams) / sustained.bytesPerSecond * 1e12)
        let overhead = max(.zero, period - column.transferTime(span))
        let bandwidth = column * Double(streams)
        let interval = o.clock.time(ofCycle: preset.timing.nREFI)
        let requestBytes = measurement.requestBytes(unit: unit).bytes
        let longBytes = Int64(sustained.bytesPerSecond * (interval * (1 + calibrationRefreshes)).seconds) / requestBytes * requestBytes
        let long = ByteCount(bytes: longBytes)
        let tLong = measurement.backToBackTime(unit: unit, bytes: long, bundles: bundles, tiles: 1, pseudoChannels: 1)
        let tFree = free.backToBackTime(unit: unit, bytes: long, bundles: bundles, tiles: 1, pseudoChannels: 1)
        let refreshes = tLong.picoseconds / interval.picoseconds
        let stall = refreshes > 0 && tLong > tFree ? SimTime(picoseconds: (tLong - tFree).picoseconds / refreshes) : .zero
        return MemoryPathRate(bandwidthPerStack: bandwidth, tileLatency: latency, refreshInterval: interval, refreshStall: stall,
                              rowStreams: streams, rowSpan: span, streamStagger: stagger, rowOverhead: overhead)
    }

    /// `config` with refresh off.
    static func withoutRefresh(_ config: DRAMControllerConfig) -> DRAMControllerConfig {
        var c = config
        c.refresh = false
        return c
    }
}
