/// How a replay used segment memoisation (docs/devices.md, "Segment memoisation"): the stages
/// split into independent segments, and those equal to an earlier one were copied, not
/// simulated. All zero when memoisation is off.
public struct SegmentReuse: Sendable, Hashable {
    /// Segments the stages split into.
    public var segments = 0
    /// Segments whose timings were copied from an equal earlier segment.
    public var reused = 0
    /// Kernel events the copied segments stood for (not executed; `ReplayResult.events` counts
    /// only executed ones).
    public var events: Int64 = 0
    /// Resource bookings the copied segments stood for (not made).
    public var bookings: Int64 = 0

    public init(segments: Int = 0, reused: Int = 0, events: Int64 = 0, bookings: Int64 = 0) {
        self.segments = segments
        self.reused = reused
        self.events = events
        self.bookings = bookings
    }

    public static func + (lhs: SegmentReuse, rhs: SegmentReuse) -> SegmentReuse {
        SegmentReuse(segments: lhs.segments + rhs.segments, reused: lhs.reused + rhs.reused,
                     events: lhs.events + rhs.events, bookings: lhs.bookings + rhs.bookings)
    }

    public static func += (lhs: inout SegmentReuse, rhs: SegmentReuse) { lhs = lhs + rhs }
}
