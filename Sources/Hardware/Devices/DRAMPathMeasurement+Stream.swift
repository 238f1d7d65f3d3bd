import DRAM
import Units

extension DRAMPathMeasurement {
    /// Time for one stack to run `tiles` tiles of `bytes` each through `unit`'s path back to
    /// back, as the replay books them: each tile's requests arrive together when the previous
    /// tile's last request has completed on every pseudo-channel, and the tiles read successive
    /// data (consecutive slices of one `tiles x bytes` pattern, so each opens rows of its own).
    /// The controllers keep their state (open rows, refresh deadlines: every rank every nREFI
    /// from time 0) across tiles, so the stream runs into the refreshes of absolute time.
    ///
    /// Each pseudo-channel's controller is resumed with the next tile's requests (its clock and
    /// bank state carry over): the same schedule as one run of a fresh controller given every
    /// tile's requests at the tile's arrival cycle (tested,
    /// `resumedControllerEqualsOneRunWithArrivalCycles`), whose arrivals are only known by
    /// running the tiles in turn.
    ///
    /// `pseudoChannels` (default all) runs only the first n pseudo-channels: every pattern gives
    /// each pseudo-channel the same requests and they share no timing rule, so they finish
    /// together and the stack's time is any one's (checked by the tests); fewer is faster.
    public func backToBackTime(unit: ExecutionUnit, bytes: ByteCount, bundles: Int = 1, tiles: Int,
                               pseudoChannels: Int? = nil, rowAligned: Bool = false) -> SimTime {
        backToBackTileEnds(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles, pseudoChannels: pseudoChannels,
                           rowAligned: rowAligned).last!
    }

    /// The completion time of every tile of the stream `backToBackTime` runs (tile i starts at
    /// element i - 1, the first at 0); the last element is `backToBackTime`. `rowAligned`: each
    /// tile starts at the next row boundary (`rowSpan`: its data is its own, laid out from a row
    /// start, as a tile's operand is) instead of where the previous tile ended; needs `bytes` a
    /// whole number of requests on every pseudo-channel.
    public func backToBackTileEnds(unit: ExecutionUnit, bytes: ByteCount, bundles: Int = 1, tiles: Int,
                                   pseudoChannels: Int? = nil, rowAligned: Bool = false) -> [SimTime] {
        precondition(tiles >= 1, "a stream needs at least one tile")
        let perTile = Int(bytes.bytes / requestBytes(unit: unit).bytes)
        let span = rowSpan(unit: unit).bytes
        // Requests per tile's slot in the pattern: the tile's own, or rounded up to whole rows.
        let slot = rowAligned ? Int((bytes.bytes + span - 1) / span * span / requestBytes(unit: unit).bytes) : perTile
        precondition(!rowAligned || perTile % preset.organization.pseudoChannels == 0,
                     "a row-aligned tile needs whole requests on every pseudo-channel")
        let all = requests(unit: unit, bytes: ByteCount(bytes: Int64(slot) * requestBytes(unit: unit).bytes * Int64(tiles)),
                           bundles: bundles)
        let stack = DRAMStack(preset: preset, config: controller)
        let pcs = pseudoChannels ?? preset.organization.pseudoChannels
        precondition(pcs >= 1 && pcs <= preset.organization.pseudoChannels, "pseudo-channels out of range")
        let controllers = (0..<pcs).map { stack.controller(pseudoChannel: $0) }
        var end: Int64 = 0
        var ends: [SimTime] = []
        ends.reserveCapacity(tiles)
        for tile in 0..<tiles {
            var perChannel = Array(repeating: [DRAMRequest](), count: pcs)
            for var r in all[(tile * slot)..<(tile * slot + perTile)] where r.location.pseudoChannel < pcs {
                r.arrivalCycle = end
                perChannel[r.location.pseudoChannel].append(r)
            }
            for (pc, list) in perChannel.enumerated() where !list.isEmpty { controllers[pc].run(list) }
            end = controllers.map(\.statistics.lastCompletionCycle).max() ?? end
            ends.append(preset.organization.clock.time(ofCycle: end))
        }
        return ends
    }
}

extension DRAMPathMeasurement {
    /// The time one tile of `bytes` takes right after another in a back-to-back stream
    /// (`backToBackTileEnds` on one pseudo-channel, the mean of the second half of `tiles`: the
    /// first tiles, whose rows start from closed banks, on every bank, bundle or rank the
    /// pattern deals rows to, are left out). This is what a
    /// memory-side processor pays per tile when it runs tile after tile: the rows the previous
    /// tile left open are precharged first.
    public func tileAfterTileTime(unit: ExecutionUnit, bytes: ByteCount, bundles: Int = 1, tiles: Int = 8,
                                  rowAligned: Bool = false) -> SimTime {
        precondition(tiles >= 2 && tiles % 2 == 0, "a tile after a tile needs an even number of tiles")
        let ends = backToBackTileEnds(unit: unit, bytes: bytes, bundles: bundles, tiles: tiles, pseudoChannels: 1, rowAligned: rowAligned)
        let warm = tiles / 2 - 1
        return SimTime(picoseconds: (ends[tiles - 1] - ends[warm]).picoseconds / Int64(tiles - 1 - warm))
    }

    /// Bytes per stack of one row of `unit`'s pattern: one activation on every pseudo-channel
    /// (a bundle row: rowBytes x banks per bundle; an all-bank row: rowBytes x banks per rank).
    public func rowSpan(unit: ExecutionUnit) -> ByteCount {
        let o = preset.organization
        return requestBytes(unit: unit) * Int64(o.columns) * Int64(o.pseudoChannels)
    }
}
