import Units

/// The streaming rate of one DRAM access path (xPU or a memory-side processor) into one HBM
/// stack: an achievable bandwidth, a fixed start-up latency per tile, the rows a tile opens, and
/// the refresh stalls the stream runs into.
///
/// Without rows (`rowSpan` zero: peak rates) a tile's refresh-free time is the line
///
///     base = tileLatency + bytes / bandwidthPerStack
///
/// With rows (every DRAM-calibrated path) the tile is timed row by row, for a tile whose data
/// starts at a row boundary (a tile reads its own operand): its rows (`rowSpan` bytes per stack
/// each, one activation on every pseudo-channel, the last one partial) are dealt in turn to
/// `rowStreams` independent row streams (Bank-PIM's all-bank reads: the ranks; a bundle path: one
/// stream); stream k starts k x `streamStagger` after stream 0 (on the DRAM model its first row
/// is activated only once the controller's queue, one row of requests deep, admits it), reads
/// its bytes at bandwidthPerStack / rowStreams (the column rate) and pays `rowOverhead` for every
/// row after its first (precharge and activation not hidden behind reads; zero where other
/// bundles hide them):
///
///     base = tileLatency + max over streams k with data of
///            (k x streamStagger + bytes_k x rowStreams / bandwidthPerStack + (rows_k - 1) x rowOverhead)
///
/// (`sustainedBandwidth` is the rate of long tiles of whole rounds of rows). Then
///
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
/// All terms come from the DRAM model when the system is built with one (docs/devices.md,
/// "Memory rates from the DRAM model"), else `bandwidthPerStack` is the config's peak, with no
/// latency, rows or refresh.
public struct MemoryPathRate: Sendable, Equatable {
    /// Bandwidth of the path into one stack while it reads (with rows: the column rate of all
    /// row streams together; row openings not hidden are `rowOverhead`).
    public var bandwidthPerStack: Bandwidth
    /// Fixed time per tile (with rows: precharge of the row left open, activation, and the tail
    /// of the last read, beyond the reads themselves).
    public var tileLatency: SimTime
    /// Time between the refreshes this stream runs into (nREFI; zero: refresh not modelled).
    public var refreshInterval: SimTime
    /// Time one refresh costs the stream (tRFC plus the row re-activations after it).
    public var refreshStall: SimTime
    /// Independent row streams the path deals its rows to in turn.
    public var rowStreams: Int
    /// Bytes per stack of one row (one activation on every pseudo-channel); zero: no rows, the
    /// tile is the line tileLatency + bytes / bandwidthPerStack.
    public var rowSpan: ByteCount
    /// Start of stream k after stream 0, per k.
    public var streamStagger: SimTime
    /// Time a stream pays for each row after its first (precharge + activation not hidden).
    public var rowOverhead: SimTime

    public init(bandwidthPerStack: Bandwidth, tileLatency: SimTime = .zero, refreshInterval: SimTime = .zero,
                refreshStall: SimTime = .zero, rowStreams: Int = 1, rowSpan: ByteCount = .zero, streamStagger: SimTime = .zero,
                rowOverhead: SimTime = .zero) {
        precondition(bandwidthPerStack.bytesPerSecond > 0, "a memory path needs a positive bandwidth")
        precondition(tileLatency >= .zero && refreshStall >= .zero && refreshInterval >= .zero,
                     "a memory path's latency, refresh interval and stall must not be negative")
        precondition(refreshInterval == .zero || refreshStall < refreshInterval, "a refresh stall must be shorter than its interval")
        self.bandwidthPerStack = bandwidthPerStack
        self.tileLatency = tileLatency
        self.refreshInterval = refreshInterval
        self.refreshStall = refreshStall
        precondition(rowStreams >= 1 && rowSpan >= .zero && (rowStreams == 1 || rowSpan.bytes > 0) && streamStagger >= .zero
                     && rowOverhead >= .zero, "row streams need a positive row span, a non-negative stagger and overhead")
        self.rowStreams = rowStreams
        self.rowSpan = rowSpan
        self.streamStagger = streamStagger
        self.rowOverhead = rowOverhead
    }

    /// The rate of long tiles of whole rounds of rows (rowStreams rows per round), without
    /// refresh: rowStreams x rowSpan per (rowSpan x rowStreams / bandwidthPerStack + rowOverhead).
    public var sustainedBandwidth: Bandwidth {
        guard rowSpan.bytes > 0 else { return bandwidthPerStack }
        let row = Double(rowSpan.bytes) * Double(rowStreams) / bandwidthPerStack.bytesPerSecond + rowOverhead.seconds
        return Bandwidth(bytesPerSecond: Double(rowSpan.bytes) * Double(rowStreams) / row)
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
        let base = refreshFreeTime(bytes)
        guard refreshInterval > .zero && refreshStall > .zero else { return base }
        // ceil(base * interval / (interval - stall)) in exact integer picoseconds (128-bit product).
        let interval = refreshInterval.picoseconds, free = interval - refreshStall.picoseconds
        let product = base.picoseconds.multipliedFullWidth(by: interval)
        let (quotient, remainder) = free.dividingFullWidth(product)
        return SimTime(picoseconds: remainder > 0 ? quotient + 1 : quotient)
    }

    /// The refresh-free part of `time` (`base` above): O(rowStreams).
    public func refreshFreeTime(_ bytes: ByteCount) -> SimTime {
        guard rowSpan.bytes > 0 else { return tileLatency + bandwidthPerStack.transferTime(bytes) }
        let streams = Int64(rowStreams), span = rowSpan.bytes
        let rows = bytes.bytes / span, partial = bytes.bytes % span
        let perStream = bandwidthPerStack * (1 / Double(rowStreams))
        var longest = SimTime.zero
        for k in 0..<streams {
            var whole = rows / streams + (k < rows % streams ? 1 : 0), own = whole * span
            if k == rows % streams && partial > 0 { own += partial; whole += 1 }
            guard own > 0 else { continue }
            longest = max(longest, streamStagger * k + perStream.transferTime(ByteCount(bytes: own)) + rowOverhead * (whole - 1))
        }
        return tileLatency + longest
    }
}
