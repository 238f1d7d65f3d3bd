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
                               pseudoChannels: Int? = nil) -> SimTime {
        precondition(tiles >= 1, "a stream needs at least one tile")
        let perTile = Int(bytes.bytes / requestBytes(unit: unit).bytes)
        let all = requests(unit: unit, bytes: ByteCount(bytes: Int64(perTile) * requestBytes(unit: unit).bytes * Int64(tiles)),
                           bundles: bundles)
        let stack = DRAMStack(preset: preset, config: controller)
        let pcs = pseudoChannels ?? preset.organization.pseudoChannels
        precondition(pcs >= 1 && pcs <= preset.organization.pseudoChannels, "pseudo-channels out of range")
        let controllers = (0..<pcs).map { stack.controller(pseudoChannel: $0) }
        var end: Int64 = 0
        for tile in 0..<tiles {
            var perChannel = Array(repeating: [DRAMRequest](), count: pcs)
            for var r in all[(tile * perTile)..<((tile + 1) * perTile)] where r.location.pseudoChannel < pcs {
                r.arrivalCycle = end
                perChannel[r.location.pseudoChannel].append(r)
            }
            for (pc, list) in perChannel.enumerated() where !list.isEmpty { controllers[pc].run(list) }
            end = controllers.map(\.statistics.lastCompletionCycle).max() ?? end
        }
        return preset.organization.clock.time(ofCycle: end)
    }
}
