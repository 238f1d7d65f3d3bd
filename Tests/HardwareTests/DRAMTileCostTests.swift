import DRAM
import Foundation
import Testing
import SimKernel
import Units
@testable import Hardware

@Suite("Tile costs from the DRAM model")
struct DRAMTileCostTests {
    static let measurement = DRAMPathMeasurement(preset: try! DRAMPreset.builtin(named: "hbm3-5.2"))

    /// The same DRAM model with refresh off.
    static let refreshFree = DRAMPathMeasurement(preset: measurement.preset, controller: DRAMControllerConfig(refresh: false))

    /// The calibrated rate's refresh-free part (latency + bytes / bandwidth, fitted at 4 and 6
    /// MiB) against single tiles measured on the DRAM model with refresh off (each shape once,
    /// cached), at sizes the fit never saw: within 5%.
    @Test(arguments: ["duplex", "bank-pim"])  // bankgroup-pim streams the same bundle pattern as duplex
    func singleTilesMatchTheRefreshFreeDRAMModelWithin5Percent(system: String) throws {
        let config = try preset(system)
        let unit = try #require(ExecutionUnit(memoryProcessor: config.device.memoryProcessor.kind))
        let model = MemoryPathModel.calibrated(device: config.device, measurement: Self.measurement)
        let cache = DRAMTileCostCache(measurement: Self.refreshFree)
        for bundles in [1, model.bundleSpaces] {
            let rate = model.rate(for: unit, interleaved: bundles > 1)
            let refreshFree = MemoryPathRate(bandwidthPerStack: rate.bandwidthPerStack, tileLatency: rate.tileLatency)
            for bytes in [ByteCount.mib(1), .mib(5), .mib(12)] {
                let shape = DRAMTileCostCache.Shape(unit: unit, bytes: bytes, bundles: bundles)
                let measured = cache.time(shape)
                #expect(cache.time(shape) == measured)  // cached
                let analytic = refreshFree.time(bytes)
                let error = abs(analytic / measured - 1)
                print("MEASURED refresh-free tile \(system) bundles=\(bundles) \(bytes): dram=\(measured) analytic=\(analytic) "
                      + "error=\(String(format: "%.2f%%", error * 100))")
                // Known: the DRAM model's all-bank stream starts faster than its steady rate, so
                // Bank-PIM tiles below ~2 MiB per stack (< 0.3 us) are up to ~10% slower analytically.
                let bound = unit == .bankPIM && bytes < .mib(2) ? 0.15 : 0.05
                #expect(error <= bound, "\(system) \(bytes) over \(bundles) bundles: analytic \(analytic) vs DRAM \(measured)")
            }
        }
        #expect(cache.runs == 6)
    }

    /// Refresh intervals each tile stream below spans at least (sized by the analytic tile time),
    /// so where a stream ends in the refresh cycle moves its refresh share by < 1.5%.
    static let streamIntervals = 9.0

    /// What matters for a replay: a stream of tiles run back to back on the DRAM model
    /// (`DRAMPathMeasurement.backToBackTime`: refresh falls by absolute time) against the tile
    /// count times the calibrated rate's tile time (refresh charged as its expectation,
    /// `MemoryPathRate`), for tiles of 0.25, 1 and 5 MiB per stack (0.03-2.6 us, all shorter than
    /// nREFI = 3.9 us), through the Logic-PIM path (one bundle and striped) and the all-bank path.
    ///
    /// - Refresh share: the stream with refresh on over the same stream with refresh off, against
    ///   the rate's time over its refresh-free part: within 5%. Counting refreshes from each
    ///   tile's start, as the rate did before, charges these tiles none (ratio 1): that must miss
    ///   by more than 5%.
    /// - Total: within 5%, except where the refresh-free fit itself misses back-to-back tiles
    ///   (known, docs/devices.md "Refresh: charged as its expectation": a tile after a tile first
    ///   precharges the rows the last one left open, ~11-14 ns per Logic-PIM tile and ~40 ns per
    ///   all-bank tile that the fit on tiles from closed banks does not see; small all-bank tiles
    ///   from closed banks are also off the fitted line): Logic-PIM tiles below 1 MiB 10%,
    ///   Bank-PIM tiles below 2 MiB 25%.
    @Test(arguments: ["duplex", "bank-pim"])
    func tileStreamsMatchTheDRAMModel(system: String) throws {
        let config = try preset(system)
        let unit = try #require(ExecutionUnit(memoryProcessor: config.device.memoryProcessor.kind))
        let model = MemoryPathModel.calibrated(device: config.device, measurement: Self.measurement)
        let nREFI = Self.measurement.preset.organization.clock.time(ofCycle: Self.measurement.preset.timing.nREFI)
        // Bank-PIM streams all-bank reads whatever the bundles: one path.
        for bundles in unit == .bankPIM ? [1] : [1, model.bundleSpaces] {
            let rate = model.rate(for: unit, interleaved: bundles > 1)
            for bytes in [ByteCount.kib(256), .mib(1), .mib(5)] {
                let tile = rate.time(bytes), base = rate.tileLatency + rate.bandwidthPerStack.transferTime(bytes)
                #expect(base < nREFI, "refresh counted from the tile's start would charge none")
                let tiles = Int((Self.streamIntervals * nREFI.seconds / tile.seconds).rounded(.up))
                // One pseudo-channel: all see the same requests (`streamOfOneTileAndTheExpectationCharge`).
                let dram = Self.measurement.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles, pseudoChannels: 1)
                let free = Self.refreshFree.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles, pseudoChannels: 1)
                let analytic = tile * Int64(tiles), perTileStart = base * Int64(tiles)
                let refreshDRAM = dram / free, refreshRate = analytic / perTileStart
                let shareError = abs(refreshRate / refreshDRAM - 1), oldShareError = abs(1 / refreshDRAM - 1)
                let error = abs(analytic / dram - 1), oldError = abs(perTileStart / dram - 1)
                print("MEASURED tile stream \(system) bundles=\(bundles) \(tiles) x \(bytes): DRAM refresh on \(dram), off \(free); "
                      + "analytic \(analytic) (refresh-free \(perTileStart)); refresh share DRAM \(String(format: "%.2f%%", (refreshDRAM - 1) * 100)) "
                      + "rate \(String(format: "%.2f%%", (refreshRate - 1) * 100)) error \(String(format: "%.2f%%", shareError * 100)) "
                      + "(from tile start: \(String(format: "%.2f%%", oldShareError * 100))); total error \(String(format: "%.2f%%", error * 100)) "
                      + "(from tile start: \(String(format: "%.2f%%", oldError * 100)))")
                #expect(dram > nREFI * 8, "the stream spans at least 8 refresh intervals")
                #expect(shareError <= 0.05, "\(system) \(tiles) x \(bytes) over \(bundles) bundles: refresh x\(refreshRate) vs DRAM x\(refreshDRAM)")
                #expect(oldShareError > 0.05, "refresh counted from each tile's start should miss the stream's refresh")
                let bound = unit == .bankPIM && bytes < .mib(2) ? 0.25 : bytes < .mib(1) ? 0.10 : 0.05
                #expect(error <= bound, "\(system) \(tiles) x \(bytes) over \(bundles) bundles: analytic \(analytic) vs DRAM \(dram)")
            }
        }
    }

    /// A one-tile stream is the single-tile measurement; a stream over a refresh takes the same
    /// time on one pseudo-channel as on the stack, on each path; the expectation charge is a
    /// pure function of the bytes and equals the fixed point t = base + stall x t / interval.
    @Test func streamOfOneTileAndTheExpectationCharge() throws {
        let bytes = ByteCount.mib(2)
        #expect(Self.measurement.backToBackTime(unit: .logicPIM, bytes: bytes, tiles: 1)
                == Self.measurement.time(unit: .logicPIM, bytes: bytes))
        for (unit, bundles) in [(ExecutionUnit.logicPIM, 1), (.logicPIM, 4), (.bankPIM, 1)] {
            let tiles = unit == .bankPIM ? 20 : 5  // > 4 us: over the first refresh
            let stack = Self.measurement.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles)
            #expect(stack > Self.measurement.preset.organization.clock.time(ofCycle: Self.measurement.preset.timing.nREFI))
            #expect(Self.measurement.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles, pseudoChannels: 1) == stack)
        }
        let rate = MemoryPathRate(bandwidthPerStack: Bandwidth(bytesPerSecond: 2e12), tileLatency: .ns(28),
                                  refreshInterval: .ps(3_900_000), refreshStall: .ps(495_000))
        let base = rate.tileLatency + rate.bandwidthPerStack.transferTime(bytes)
        let t = rate.time(bytes)
        #expect(t > base)
        let fixedPoint = base.picoseconds + rate.refreshStall.picoseconds * t.picoseconds / rate.refreshInterval.picoseconds
        #expect(abs(t.picoseconds - fixedPoint) <= 1)
        #expect(rate.time(.zero) == .zero)
        #expect(MemoryPathRate(bandwidthPerStack: rate.bandwidthPerStack, tileLatency: .ns(28)).time(bytes) == base)
    }

    /// Requests of the xPU (32 B reads) confined to the banks of one bundle of every
    /// pseudo-channel, streaming rows from `firstRow` (other rows than a Logic-PIM stream's:
    /// the two read different data).
    static func xpuRequests(rank: Int, bundle: Int, bytes: ByteCount, firstRow: Int) -> [DRAMRequest] {
        let o = measurement.preset.organization
        let perBank = o.bundleBanksPerBankGroup
        var requests: [DRAMRequest] = []
        let perChannel = Int(bytes.bytes / o.accessBytes.bytes) / o.pseudoChannels
        for pc in 0..<o.pseudoChannels {
            for k in 0..<perChannel {
                let column = k % o.columns, slot = (k / o.columns) % (o.bankGroups * perBank), row = k / (o.columns * o.bankGroups * perBank)
                requests.append(DRAMRequest(isWrite: false, path: .xpu, location: DRAMLocation(
                    pseudoChannel: pc, rank: rank, bankGroup: slot % o.bankGroups, bank: bundle * perBank + slot / o.bankGroups,
                    row: firstRow + row, column: column)))
            }
        }
        return requests
    }

    /// Both request streams offered together: merged in proportion to their lengths (the
    /// controller admits each requester's requests in list order into its own queues, so the
    /// merge order only sets the requests' ages).
    static func interleave(_ a: [DRAMRequest], _ b: [DRAMRequest]) -> [DRAMRequest] {
        var merged: [DRAMRequest] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            // Take from `a` while its share of the merged prefix is below its share of the total.
            if j >= b.count || (i < a.count && i * b.count <= j * a.count) { merged.append(a[i]); i += 1 } else { merged.append(b[j]); j += 1 }
        }
        return merged
    }

    /// The transaction model's makespan (`DeviceResources` bookings on one stack) of an xPU
    /// operator whose data is in bundle space `xpuSpace` and a Logic-PIM tile in `pimSpace`,
    /// both ready at 0, taking their DRAM-measured standalone times.
    static func transactionMakespan(xpu: SimTime, xpuSpace: Int, pim: SimTime, pimSpace: Int) -> SimTime {
        let o = measurement.preset.organization
        let simulator = Simulator()  // resources hold it unowned
        return withExtendedLifetime(simulator) {
            let resources = DeviceResources(device: 0, stacks: 1, spaces: o.ranks * o.bundlesPerRank, memoryProcessor: true, simulator: simulator)
            let a = Resource.reserve(resources.xpuBookings[1 << xpuSpace], for: xpu, notBefore: .zero)
            let b = Resource.reserve(resources.tileBookings[0][1 << pimSpace], for: pim, notBefore: .zero)
            return max(a.end, b.end)
        }
    }

    /// xPU and Logic-PIM on one stack, on the DRAM model and in the transaction model: the extra
    /// time over the longer stream alone agrees within 5% of the shorter stream's time when the
    /// two share a bundle (serialised), use the other bundle of the same rank, or the other rank
    /// (overlapped). Bundle space s is rank s mod 2, bundle s / 2 (the DRAM traffic generator's
    /// order, docs/devices.md). Sizes per stack (Logic-PIM, xPU). Measured (docs/devices.md "The
    /// contention rule checked on the DRAM model").
    @Test(arguments: [(ByteCount.mib(2), ByteCount.kib(768)), (.mib(4), .kib(256)), (.kib(512), .mib(2)), (.mib(6), .mib(2))])
    func contentionDifferenceMatchesTheDRAMModel(pimBytes: ByteCount, xpuBytes: ByteCount) throws {
        // Refresh off: a refresh costs a stream by when it falls, and two streams that each end
        // before the first refresh run into one when serialised; that is the tile model's refresh
        // term (`MemoryPathRate`: its expectation over the refresh phase), not contention (docs/devices.md).
        let stack = DRAMStack(preset: Self.measurement.preset, config: DRAMControllerConfig(refresh: false))
        let pim = Self.measurement.requests(unit: .logicPIM, bytes: pimBytes, bundles: 1)  // rank 0, bundle 0, rows from 0
        let tPIM = stack.run(pim).duration
        let ranks = Self.measurement.preset.organization.ranks
        var tXPU: SimTime?
        var extra: [String: (dram: SimTime, model: SimTime)] = [:]
        for (name, rank, bundle) in [("same bundle", 0, 0), ("same rank, other bundle", 0, 1), ("other rank", 1, 0)] {
            let xpu = Self.xpuRequests(rank: rank, bundle: bundle, bytes: xpuBytes, firstRow: 4096)
            let alone = stack.run(xpu).duration
            if let t = tXPU { #expect(alone == t, "an xPU stream alone takes the same time on every bundle") } else { tXPU = alone }
            let longer = max(tPIM, alone), shorter = min(tPIM, alone)
            let together = stack.run(Self.interleave(pim, xpu)).duration
            let model = Self.transactionMakespan(xpu: alone, xpuSpace: bundle * ranks + rank, pim: tPIM, pimSpace: 0)
            extra[name] = (together - longer, model - longer)
            let error = abs((together - model) / shorter)
            print("MEASURED contention \(pimBytes) Logic-PIM + \(xpuBytes) xPU, \(name): alone \(tPIM) / \(alone), together: DRAM \(together), "
                  + "transaction model \(model), difference / shorter \(String(format: "%.1f%%", error * 100))")
            #expect(error <= 0.05, "\(name): extra time over the longer stream: DRAM \(together - longer), transaction model \(model - longer)")
        }
        for (name, e) in extra where name != "same bundle" {
            #expect(extra["same bundle"]!.dram > e.dram && extra["same bundle"]!.model > e.model, "same bundle slower than \(name)")
        }
    }
}
