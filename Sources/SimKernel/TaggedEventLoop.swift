import Units

/// A discrete-event clock whose events are integer tags: the caller pops each due event and acts
/// on its tag itself, so scheduling allocates no closure (a model with one kind of event, such
/// as the device replay's operator completions, schedules tens of thousands per run).
///
/// Same ordering as `Simulator`: events run in increasing (time, priority rank, insertion
/// sequence); `now` advances only when an event is popped or `advance(to:)` is called. Not
/// thread-safe. The state sits behind one pointer (as in `Simulator`), so the hot loop pays no
/// dynamic exclusivity checks.
public final class TaggedEventLoop {
    @usableFromInline struct State {
        @usableFromInline var now: Int64 = 0
        @usableFromInline var executedEventCount: Int64 = 0
        @usableFromInline var nextSequence: UInt64 = 0
    }

    @usableFromInline let queue = EventQueue()
    @usableFromInline let state: UnsafeMutablePointer<State>

    public init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The current time.
    @inlinable public var now: SimTime { SimTime(picoseconds: state.pointee.now) }
    /// Events popped so far.
    @inlinable public var executedEventCount: Int64 { state.pointee.executedEventCount }
    /// Whether no event is pending.
    @inlinable public var isEmpty: Bool { queue.isEmpty }

    /// Schedules the event `tag` at `time`, which must not be in the past.
    @inlinable
    public func schedule(at time: SimTime, priority: EventPriority = .normal, tag: UInt32) {
        precondition(time.picoseconds >= state.pointee.now, "TaggedEventLoop: event scheduled in the past (at \(time), now \(now))")
        let sequence = state.pointee.nextSequence
        state.pointee.nextSequence = sequence + 1
        precondition(sequence < (1 << Simulator.sequenceBits), "TaggedEventLoop: sequence space exhausted")
        queue.push(time: time.picoseconds, order: UInt64(priority.rank) << Simulator.sequenceBits | sequence, payload: tag)
    }

    /// Pops the next event, sets `now` to its time and returns its tag; nil when none is pending.
    @inlinable
    public func next() -> UInt32? {
        guard !queue.isEmpty else { return nil }
        let (time, _, tag) = queue.popMin()
        state.pointee.now = time
        state.pointee.executedEventCount += 1
        return tag
    }

    /// Sets `now` to `time` (not in the past) when no event is pending before it.
    public func advance(to time: SimTime) {
        precondition(time.picoseconds >= state.pointee.now, "TaggedEventLoop: advance(to: \(time)) is in the past (now \(now))")
        precondition(queue.minimumTime.map { $0 > time.picoseconds } ?? true, "TaggedEventLoop: an event is pending before \(time)")
        state.pointee.now = time.picoseconds
    }
}
