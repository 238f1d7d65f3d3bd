import SimKernel
import Foundation

/// What a sweep run did: points of the shard, how many were reused from an earlier run
/// (`--resume`) and how many ran, the wall time and the shared caches' statistics.
public struct SweepReport: Sendable {
    public var shardPoints: Int
    public var reused: Int
    public var ran: Int
    public var wallSeconds: Double
    public var caches: [CacheStatistics]
    public var resultsFile: URL
}
