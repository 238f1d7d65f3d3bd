import Units

/// The streaming rate of one DRAM access path (xPU or a memory-side processor) into one HBM
/// stack: an achievable bandwidth and a fixed start-up latency per tile.
///
///     t0 = tileLatency + bytes / bandwidthPerStack
///     time(bytes) = t0 + n * refreshStall,  n = refreshes in [0, time): the first at
///                   `firstRefresh`, then one every `refreshInterval`   (fixed point; n = 0 without refresh)
///
/// rounded up to a picosecond. The refresh term counts the refresh stalls a tile started right
/// after a refresh runs into (the DRAM model's runs start at time 0, rank refreshes every nREFI,
/// ranks staggered).
///
/// `bandwidthPerStack` is the path's peak (datasheet or PIM multiplier) times an efficiency;
/// both terms come from the DRAM model when the system is built with one, else efficiency 1 and
/// no latency (docs/devices.md).
public struct MemoryPathRate: Sendable, Equatable {
    /// Achievable bandwidth of the path into one stack.
    public var bandwidthPerStack: Bandwidth
    /// Fixed time to the first data of a tile (activation + column latency), per tile.
    public var tileLatency: SimTime
    /// Time between the refreshes this stream runs into (zero: refresh not modelled).
    public var refreshInterval: SimTime
    /// Time one refresh costs the stream.
    public var refreshStall: SimTime
    /// When the first refresh falls, from the start of a tile.
    public var firstRefresh: SimTime

    public init(bandwidthPerStack: Bandwidth, tileLatency: SimTime = .zero, refreshInterval: SimTime = .zero,
                refreshStall: SimTime = .zero, firstRefresh: SimTime? = nil) {
        precondition(bandwidthPerStack.bytesPerSecond > 0, "a memory path needs a positive bandwidth")
        precondition(tileLatency >= .zero && refreshStall >= .zero, "a memory path's latency and stall must not be negative")
        precondition(refreshInterval == .zero || refreshStall < refreshInterval, "a refresh stall must be shorter than its interval")
        self.bandwidthPerStack = bandwidthPerStack
        self.tileLatency = tileLatency
        self.refreshInterval = refreshInterval
        self.refreshStall = refreshStall
        self.firstRefresh = firstRefresh ?? refreshInterval
    }

    /// Time to move `bytes` through this path into one stack; zero bytes take no time.
    public func time(_ bytes: ByteCount) -> SimTime {
        guard bytes.bytes > 0 else { return .zero }
        let base = tileLatency + bandwidthPerStack.transferTime(bytes)
        guard refreshInterval > .zero else { return base }
        var refreshes: Int64 = 0
        while true {
            let t = base + refreshStall * refreshes
            let crossed = t < firstRefresh ? 0 : 1 + (t - firstRefresh).picoseconds / refreshInterval.picoseconds
            if crossed <= refreshes { return t }
            refreshes = crossed
        }
    }
}
