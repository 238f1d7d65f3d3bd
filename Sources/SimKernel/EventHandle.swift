import Units

/// Identifies one scheduled event, so that it can be cancelled before it runs.
public struct EventHandle: Hashable, Sendable {
    /// The event's slot in the simulator's action table.
    let slot: UInt32
    /// The event's insertion sequence number (unique over a simulator's life).
    public let sequence: UInt64
    /// When it is due.
    public let time: SimTime
}
