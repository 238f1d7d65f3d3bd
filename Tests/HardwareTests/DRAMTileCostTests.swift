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

    /// The calibrated rate's refresh-free part, fitted on tiles after tiles, against a single
    /// tile from idle (closed) banks measured on the DRAM model with refresh off (each shape
    /// once, cached): the first tile of an operator chain after idle banks. It is never charged
    /// less than it takes, and at most one precharge (tRP) per row stream more (the rows a
    /// tile after a tile closes first; the all-bank path's second rank also starts one tRP
    /// earlier), plus 0.001% + 2 ps (rounding of the fitted rates).
    @Test(arguments: ["duplex", "bank-pim"])  // bankgroup-pim streams the same bundle pattern as duplex
    func singleTilesFromIdleBanksAreOverchargedByAtMostAPrecharge(system: String) throws {
        let config = try preset(system)
        let unit = try #require(ExecutionUnit(memoryProcessor: config.device.memoryProcessor.kind))
        let model = MemoryPathModel.calibrated(device: config.device, measurement: Self.measurement)
        let cache = DRAMTileCostCache(measurement: Self.refreshFree)
        let tRP = Self.measurement.preset.organization.clock.time(ofCycle: Self.measurement.preset.timing.nRP)
        for bundles in [1, model.bundleSpaces] {
            let rate = model.rate(for: unit, interleaved: bundles > 1)
            for bytes in [ByteCount.kib(256), .mib(1), .mib(5), .mib(12)] {
                let shape = DRAMTileCostCache.Shape(unit: unit, bytes: bytes, bundles: bundles)
                let measured = cache.time(shape)
                #expect(cache.time(shape) == measured)  // cached
                let charged = rate.refreshFreeTime(bytes)
                print("MEASURED tile from idle banks \(system) bundles=\(bundles) \(bytes): dram=\(measured) charged=\(charged) "
                      + "over by \(charged - measured) (\(String(format: "%.2f%%", (charged / measured - 1) * 100)))")
                #expect(charged >= measured, "\(system) \(bytes) over \(bundles) bundles: charged \(charged) < DRAM \(measured)")
                #expect(charged - measured <= tRP * Int64(rate.rowStreams) + .ps(measured.picoseconds / 100_000 + 2),
                        "\(system) \(bytes) over \(bundles) bundles: charged \(charged) vs DRAM \(measured)")
            }
        }
        #expect(cache.runs == 8)
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
