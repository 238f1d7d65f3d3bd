import Units

/// The streaming rate of one DRAM access path (xPU or a memory-side processor) into one HBM
/// stack: an achievable bandwidth and a fixed start-up latency per tile.
///
///     time(bytes) = tileLatency + bytes / bandwidthPerStack      (rounded up to a picosecond)
///
/// `bandwidthPerStack` is the path's peak (datasheet or PIM multiplier) times an efficiency;
/// both terms come from the DRAM model when the system is built with one, else efficiency 1 and
/// no latency (docs/devices.md).
public struct MemoryPathRate: Sendable, Equatable {
    /// Achievable bandwidth of the path into one stack.
    public var bandwidthPerStack: Bandwidth
    /// Fixed time to the first data of a tile (activation + column latency), per tile.
    public var tileLatency: SimTime

    public init(bandwidthPerStack: Bandwidth, tileLatency: SimTime = .zero) {
        precondition(bandwidthPerStack.bytesPerSecond > 0, "a memory path needs a positive bandwidth")
        precondition(tileLatency >= .zero, "a memory path's latency must not be negative")
        self.bandwidthPerStack = bandwidthPerStack
        self.tileLatency = tileLatency
    }

    /// Time to move `bytes` through this path into one stack; zero bytes take no time.
    public func time(_ bytes: ByteCount) -> SimTime {
        bytes.bytes == 0 ? .zero : tileLatency + bandwidthPerStack.transferTime(bytes)
    }
}
