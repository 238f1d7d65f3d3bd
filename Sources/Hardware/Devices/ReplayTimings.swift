import Units

/// What a timing-only replay keeps of one operator: its unit, start and end (relative to the
/// replay's start) and the energy of all its shards, exactly as its `OperatorRecord` gives them.
public struct OperatorTiming: Sendable, Hashable {
    public let unit: ExecutionUnit
    public let start: SimTime
    public let end: SimTime
    public let energy: EnergyBreakdown
}

/// The outcome of a timing-only replay (`TraceReplayer.runTimings`): `ReplayResult` without the
/// per-operator records (labels, byte and FLOP counts), for callers that only aggregate times and
/// energies (the serving layer's compact stages).
public struct ReplayTimings: Sendable {
    /// One per operator, in list order.
    public let operators: [OperatorTiming]
    /// The end of each stage (or block), in order, relative to the replay's start.
    public let stageEnds: [SimTime]
    /// Events the kernel executed, resource bookings made, segment reuse (as in `ReplayResult`).
    public let events: Int64
    public let bookings: Int64
    public let reuse: SegmentReuse
}
