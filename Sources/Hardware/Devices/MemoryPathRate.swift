import Units

/// The streaming rate of one DRAM access path (xPU or a memory-side processor) into one HBM
/// stack: an achievable bandwidth, a fixed start-up latency per tile, and the refresh stalls the
/// stream runs into.
///
///     base = tileLatency + bytes / bandwidthPerStack
///     time(bytes) = base / (1 - refreshStall / refreshInterval)       (= base without refresh)
///
/// rounded up to a picosecond. Refresh is a property of absolute time (every rank refreshes
/// every nREFI whatever runs), not of a tile: a tile that starts at a uniformly random point of
/// the refresh cycle runs into, on average, duration / refreshInterval refreshes, so its expected
/// time is the fixed point of t = base + refreshStall * t / refreshInterval. A stream of tiles
/// run back to back, which spans many refresh intervals, pays exactly that in the aggregate; a
/// single tile is charged its expected share (a tile shorter than the interval really pays
/// either no refresh or one whole stall, depending on when it starts). The time depends only on
/// `bytes`, never on when the tile starts, so tile costs can be memoised per shape
/// (docs/devices.md "Refresh: charged as its expectation").
///
/// `bandwidthPerStack` is the path's peak (datasheet or PIM multiplier) times an efficiency;
/// all terms come from the DRAM model when the system is built with one, else efficiency 1, no
/// latency and no refresh (docs/devices.md).
public struct MemoryPathRate: Sendable, Equatable {
    /// Achievable bandwidth of the path into one stack.
    public var bandwidthPerStack: Bandwidth
    /// Fixed time to the first data of a tile (activation + column latency), per tile.
    public var tileLatency: SimTime
    /// Time between the refreshes this stream runs into (nREFI; zero: refresh not modelled).
    public var refreshInterval: SimTime
    /// Time one refresh costs the stream (tRFC plus the row re-activations after it).
    public var refreshStall: SimTime

    public init(bandwidthPerStack: Bandwidth, tileLatency: SimTime = .zero, refreshInterval: SimTime = .zero,
                refreshStall: SimTime = .zero) {
        precondition(bandwidthPerStack.bytesPerSecond > 0, "a memory path needs a positive bandwidth")
        precondition(tileLatency >= .zero && refreshStall >= .zero && refreshInterval >= .zero,
                     "a memory path's latency, refresh interval and stall must not be negative")
        precondition(refreshInterval == .zero || refreshStall < refreshInterval, "a refresh stall must be shorter than its interval")
        self.bandwidthPerStack = bandwidthPerStack
        self.tileLatency = tileLatency
        self.refreshInterval = refreshInterval
        self.refreshStall = refreshStall
    }

    /// The share of a long stream's time spent in refresh stalls: refreshStall / refreshInterval
    /// (0 without refresh).
    public var refreshShare: Double {
        refreshInterval > .zero ? Double(refreshStall.picoseconds) / Double(refreshInterval.picoseconds) : 0
    }

    /// Time to move `bytes` through this path into one stack (expected over the refresh phase);
    /// zero bytes take no time.
    public func time(_ bytes: ByteCount) -> SimTime {
        guard bytes.bytes > 0 else { return .zero }
        let base = tileLatency + bandwidthPerStack.transferTime(bytes)
        guard refreshInterval > .zero && refreshStall > .zero else { return base }
        // ceil(base * interval / (interval - stall)) in exact integer picoseconds (128-bit product).
        let interval = refreshInterval.picoseconds, free = interval - refreshStall.picoseconds
        let product = base.picoseconds.multipliedFullWidth(by: interval)
        let (quotient, remainder) = free.dividingFullWidth(product)
        return SimTime(picoseconds: remainder > 0 ? quotient + 1 : quotient)
    }
}
