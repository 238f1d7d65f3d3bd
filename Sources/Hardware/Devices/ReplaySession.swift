import SimKernel

/// A replay workspace kept across replays on one system: the simulator, the devices' resources
/// and the per-operator buffers are built once and reset per replay, and the segment memo
/// (docs/devices.md, "Segment memoisation") is shared, so a segment seen in an earlier replay
/// (a norm, a projection, an expert alone) is copied, not simulated. The serving layer keeps one
/// per run (`DeviceStageExecutor`) and replays every stage and every isolated-operator timing in it.
///
/// Results are identical to fresh replays (`TraceReplayer.run(_:source:)`). Not thread-safe:
/// one session per thread (a class because it has identity and mutable buffers).
public final class ReplaySession {
    public let system: DeviceSystemModel
    private var current: ReplayRun
    let memo: SegmentMemo

    public convenience init(system: DeviceSystemModel) {
        self.init(system: system, memoBudget: SegmentMemo.defaultBudget)
    }

    /// A session whose segment memo holds at most `memoBudget` words (`SegmentMemo.budget`;
    /// tests use small ones to exercise eviction).
    init(system: DeviceSystemModel, memoBudget: Int) {
        self.system = system
        memo = SegmentMemo(budget: memoBudget)
        current = ReplayRun(system: system)
    }

    /// The workspace for the next replay: the kept one, or a fresh one once its clock has run
    /// past 2^60 ps (about 13 days of simulated time; a replay's times are relative to its
    /// start, so this never shows in results).
    var workspace: ReplayRun {
        if current.origin.picoseconds > 1 << 60 { current = ReplayRun(system: system) }
        return current
    }

    /// Segment-memo lookups, hits and entries over every replay in this session.
    public var segmentStatistics: CacheStatistics { memo.statistics }
}
