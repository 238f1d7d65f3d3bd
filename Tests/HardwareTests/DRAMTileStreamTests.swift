import DRAM
import Foundation
import Testing
import Units
@testable import Hardware

/// Refresh as a stream of tiles meets it: tiles run back to back on the DRAM model against the
/// calibrated rate's expectation charge (docs/devices.md "Refresh: charged as its expectation").
@Suite("Tile streams on the DRAM model")
struct DRAMTileStreamTests {
    /// Refresh intervals each tile stream below spans at least (sized by the analytic tile time),
    /// so where a stream ends in the refresh cycle moves its refresh share by < 1.5%.
    static let streamIntervals = 9.0

    /// What matters for a replay: a stream of tiles run back to back on the DRAM model
    /// (`DRAMPathMeasurement.backToBackTime`, each tile's data from a row boundary, as the rate
    /// assumes: refresh falls by absolute time) against the tile count times the calibrated
    /// rate's tile time (refresh charged as its expectation, `MemoryPathRate`), for tiles of
    /// 0.25 (half an all-bank row), 0.375 (a bundle row and a half), 1 and 5 MiB per stack
    /// (0.03-2.6 us, all shorter than nREFI = 3.9 us), through the Logic-PIM path (one bundle and
    /// striped) and the all-bank path.
    ///
    /// - Refresh share: the stream with refresh on over the same stream with refresh off, against
    ///   the rate's time over its refresh-free part: within 5%. Counting refreshes from each
    ///   tile's start, as the rate did before, charges these tiles none (ratio 1): that must miss
    ///   by more than 5%.
    /// - Refresh off: tiles x the rate's refresh-free time against the refresh-free stream:
    ///   within 0.5% (measured <= 0.19%: a striped stream meets each bundle's rows in a slightly
    ///   different state than the 8-tile calibration stream).
    /// - Total: within 5%.
    @Test(arguments: ["duplex", "bank-pim"])
    func tileStreamsMatchTheDRAMModel(system: String) throws {
        let config = try preset(system)
        let unit = try #require(ExecutionUnit(memoryProcessor: config.device.memoryProcessor.kind))
        let model = MemoryPathModel.calibrated(device: config.device, measurement: DRAMTileCostTests.measurement)
        let nREFI = DRAMTileCostTests.measurement.preset.organization.clock.time(ofCycle: DRAMTileCostTests.measurement.preset.timing.nREFI)
        // Bank-PIM streams all-bank reads whatever the bundles: one path.
        for bundles in unit == .bankPIM ? [1] : [1, model.bundleSpaces] {
            let rate = model.rate(for: unit, interleaved: bundles > 1)
            for bytes in [ByteCount.kib(256), .kib(384), .mib(1), .mib(5)] {
                let tile = rate.time(bytes), base = rate.refreshFreeTime(bytes)
                #expect(base < nREFI, "refresh counted from the tile's start would charge none")
                let tiles = Int((Self.streamIntervals * nREFI.seconds / tile.seconds).rounded(.up))
                // One pseudo-channel: all see the same requests (`streamOfOneTileAndTheExpectationCharge`).
                let dram = DRAMTileCostTests.measurement.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles,
                                                                        pseudoChannels: 1, rowAligned: true)
                let free = DRAMTileCostTests.refreshFree.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles,
                                                                        pseudoChannels: 1, rowAligned: true)
                let analytic = tile * Int64(tiles), perTileStart = base * Int64(tiles)
                let refreshDRAM = dram / free, refreshRate = analytic / perTileStart
                let shareError = abs(refreshRate / refreshDRAM - 1), oldShareError = abs(1 / refreshDRAM - 1)
                let error = abs(analytic / dram - 1), oldError = abs(perTileStart / dram - 1), freeError = abs(perTileStart / free - 1)
                print("MEASURED tile stream \(system) bundles=\(bundles) \(tiles) x \(bytes): DRAM refresh on \(dram), off \(free); "
                      + "analytic \(analytic) (refresh-free \(perTileStart), error \(String(format: "%.3f%%", freeError * 100))); "
                      + "refresh share DRAM \(String(format: "%.2f%%", (refreshDRAM - 1) * 100)) "
                      + "rate \(String(format: "%.2f%%", (refreshRate - 1) * 100)) error \(String(format: "%.2f%%", shareError * 100)) "
                      + "(from tile start: \(String(format: "%.2f%%", oldShareError * 100))); total error \(String(format: "%.2f%%", error * 100)) "
                      + "(from tile start: \(String(format: "%.2f%%", oldError * 100)))")
                #expect(dram > nREFI * 8, "the stream spans at least 8 refresh intervals")
                #expect(shareError <= 0.05, "\(system) \(tiles) x \(bytes) over \(bundles) bundles: refresh x\(refreshRate) vs DRAM x\(refreshDRAM)")
                #expect(oldShareError > 0.05, "refresh counted from each tile's start should miss the stream's refresh")
                #expect(freeError <= 0.005, "\(system) \(tiles) x \(bytes) over \(bundles) bundles, refresh off: \(perTileStart) vs DRAM \(free)")
                #expect(error <= 0.05, "\(system) \(tiles) x \(bytes) over \(bundles) bundles: analytic \(analytic) vs DRAM \(dram)")
            }
        }
    }

    /// The refresh-free rate against tiles after tiles (`tileAfterTileTime`, data from a row
    /// boundary) on the DRAM model, refresh off, from 32 KiB to 32 MiB per stack (a sixteenth of
    /// a bundle row to 128 rows), whole and partial rows, on every path: within 0.1%. Tiles laid
    /// out back to back instead (a tile starting inside the row the previous one left open) are
    /// never slower than charged (docs/devices.md gives how much faster).
    @Test(arguments: ["duplex", "bank-pim"])
    func tileAfterTileMatchesTheRowModel(system: String) throws {
        let config = try preset(system)
        let unit = try #require(ExecutionUnit(memoryProcessor: config.device.memoryProcessor.kind))
        let model = MemoryPathModel.calibrated(device: config.device, measurement: DRAMTileCostTests.measurement)
        let m = DRAMTileCostTests.refreshFree
        for bundles in unit == .bankPIM ? [1] : [1, model.bundleSpaces] {
            let rate = model.rate(for: unit, interleaved: bundles > 1)
            for kib: Int64 in [32, 64, 128, 192, 256, 384, 640, 768, 1024, 1280, 1536, 2560, 5120, 12288, 32768] {
                let bytes = ByteCount.kib(kib)
                let tiles = kib >= 4096 ? 4 : 8
                let aligned = m.tileAfterTileTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles, rowAligned: true)
                let packed = m.tileAfterTileTime(unit: unit, bytes: bytes, bundles: bundles, tiles: max(tiles, Int(4096 / kib) * 2))
                let charged = rate.refreshFreeTime(bytes)
                let error = abs(charged / aligned - 1)
                print("MEASURED tile after tile \(system) bundles=\(bundles) \(bytes): DRAM \(aligned) (packed \(packed)), rate \(charged), "
                      + "error \(String(format: "%.3f%%", error * 100)), packed faster by \(String(format: "%.1f%%", (1 - packed / charged) * 100))")
                #expect(error <= 0.001, "\(system) \(bytes) over \(bundles) bundles: rate \(charged) vs DRAM \(aligned)")
                #expect(packed <= charged + .ps(charged.picoseconds / 100_000 + 2), "\(system) \(bytes) over \(bundles) bundles: packed tiles \(packed) slower than charged \(charged)")
            }
        }
    }

    /// A one-tile stream is the single-tile measurement; a stream over a refresh takes the same
    /// time on one pseudo-channel as on the stack, on each path; the expectation charge is a
    /// pure function of the bytes and equals the fixed point t = base + stall x t / interval.
    @Test func streamOfOneTileAndTheExpectationCharge() throws {
        let bytes = ByteCount.mib(2)
        #expect(DRAMTileCostTests.measurement.backToBackTime(unit: .logicPIM, bytes: bytes, tiles: 1)
                == DRAMTileCostTests.measurement.time(unit: .logicPIM, bytes: bytes))
        for (unit, bundles) in [(ExecutionUnit.logicPIM, 1), (.logicPIM, 4), (.bankPIM, 1)] {
            let tiles = unit == .bankPIM ? 20 : 5  // > 4 us: over the first refresh
            let stack = DRAMTileCostTests.measurement.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles)
            #expect(stack > DRAMTileCostTests.measurement.preset.organization.clock.time(ofCycle: DRAMTileCostTests.measurement.preset.timing.nREFI))
            #expect(DRAMTileCostTests.measurement.backToBackTime(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles, pseudoChannels: 1) == stack)
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

    /// `backToBackTime` resumes each pseudo-channel's controller with the next tile; that gives
    /// the same command schedule as one run of a fresh controller with every tile's requests at
    /// the tile's arrival cycle (same completion, same refreshes), on each path.
    @Test func resumedControllerEqualsOneRunWithArrivalCycles() {
        let m = DRAMTileCostTests.measurement
        for (unit, bundles, tiles) in [(ExecutionUnit.logicPIM, 1, 40), (.logicPIM, 4, 40), (.bankPIM, 1, 120)] {
            let perTile = Int(ByteCount.kib(256).bytes / m.requestBytes(unit: unit).bytes)
            let all = m.requests(unit: unit, bytes: ByteCount.kib(256) * Int64(tiles), bundles: bundles)
                .filter { $0.location.pseudoChannel == 0 }
            let perChannel = perTile / m.preset.organization.pseudoChannels
            let stack = DRAMStack(preset: m.preset, config: m.controller)
            let resumed = stack.controller(pseudoChannel: 0)
            var arrivals: [Int64] = []
            for t in 0..<tiles {
                arrivals.append(resumed.statistics.lastCompletionCycle)
                resumed.run(all[(t * perChannel)..<((t + 1) * perChannel)].map { var r = $0; r.arrivalCycle = arrivals[t]; return r })
            }
            let once = stack.controller(pseudoChannel: 0)
            once.run(all.enumerated().map { var r = $0.element; r.arrivalCycle = arrivals[$0.offset / perChannel]; return r })
            #expect(resumed.statistics.lastCompletionCycle > m.preset.timing.nREFI, "\(unit): the stream spans a refresh")
            #expect(resumed.statistics == once.statistics, "\(unit) over \(bundles) bundles")
        }
    }
}
