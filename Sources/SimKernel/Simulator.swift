import Units

/// The discrete-event kernel: a clock (`now`), a queue of pending actions and a statistics
/// registry. Synchronous and single-threaded; it knows nothing of hardware.
///
/// Ordering: events run in increasing (time, priority rank, insertion sequence). Two runs that
/// schedule the same events in the same program order therefore execute them identically, and
/// same-time events never depend on heap layout.
public final class Simulator {
    /// Every statistic the model registered, by dotted path.
    public let statistics = StatisticsRegistry()

    @usableFromInline let queue = EventQueue()

    /// The kernel's mutable bookkeeping, behind one pointer so the event loop pays no dynamic
    /// exclusivity checks (see EventQueue).
    @usableFromInline
    struct State {
        @usableFromInline var now: SimTime = .zero
        @usableFromInline var executedEventCount: Int64 = 0
        /// Action per slot; nil once run or cancelled.
        @usableFromInline var actions: [(() -> Void)?] = []
        /// The sequence number of the event that owns each slot (guards stale handles).
        @usableFromInline var slotSequence: [UInt64] = []
        @usableFromInline var freeSlots: [UInt32] = []
        @usableFromInline var nextSequence: UInt64 = 0
        @usableFromInline var liveEventCount = 0
    }

    @usableFromInline let state: UnsafeMutablePointer<State>

    /// Bits of the order word that hold the insertion sequence; the top 8 hold the priority.
    @usableFromInline static let sequenceBits: UInt64 = 56

    public init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The current simulated time. Advances only when an event runs or `run(until:)` ends.
    @inlinable public var now: SimTime { state.pointee.now }
    /// How many events have run so far.
    @inlinable public var executedEventCount: Int64 { state.pointee.executedEventCount }
    /// The number of scheduled events that have neither run nor been cancelled.
    @inlinable public var pendingEventCount: Int { state.pointee.liveEventCount }

    /// The time of the next pending event, or nil when none is pending.
    public var nextEventTime: SimTime? {
        skipCancelled()
        return queue.minimumTime.map { SimTime(picoseconds: $0) }
    }

    /// Schedules `action` at the absolute time `time`, which must not be in the past.
    @discardableResult
    public func schedule(at time: SimTime, priority: EventPriority = .normal,
                         _ action: @escaping () -> Void) -> EventHandle {
        precondition(time >= state.pointee.now,
                     "Simulator: event scheduled in the past (at \(time), now \(state.pointee.now))")
        let sequence = state.pointee.nextSequence
        state.pointee.nextSequence = sequence + 1
        precondition(sequence < (1 << Simulator.sequenceBits), "Simulator: sequence space exhausted")
        let slot: UInt32
        if let reused = state.pointee.freeSlots.popLast() {
            slot = reused
            state.pointee.actions[Int(slot)] = action
            state.pointee.slotSequence[Int(slot)] = sequence
        } else {
            precondition(state.pointee.actions.count < Int(UInt32.max), "Simulator: too many pending events")
            slot = UInt32(state.pointee.actions.count)
            state.pointee.actions.append(action)
            state.pointee.slotSequence.append(sequence)
        }
        let order = UInt64(priority.rank) << Simulator.sequenceBits | sequence
        queue.push(time: time.picoseconds, order: order, payload: slot)
        state.pointee.liveEventCount += 1
        return EventHandle(slot: slot, sequence: sequence, time: time)
    }

    /// Schedules `action` at `now + delay`; `delay` must not be negative.
    @discardableResult
    public func schedule(after delay: SimTime, priority: EventPriority = .normal,
                         _ action: @escaping () -> Void) -> EventHandle {
        precondition(delay >= .zero, "Simulator: negative delay \(delay)")
        return schedule(at: state.pointee.now + delay, priority: priority, action)
    }

    /// Cancels a pending event. Returns false if it already ran or was already cancelled.
    @discardableResult
    public func cancel(_ handle: EventHandle) -> Bool {
        let slot = Int(handle.slot)
        guard slot < state.pointee.actions.count,
              state.pointee.slotSequence[slot] == handle.sequence,
              state.pointee.actions[slot] != nil else { return false }
        state.pointee.actions[slot] = nil
        state.pointee.liveEventCount -= 1
        return true
    }

    /// Runs the next pending event. Returns false when there was none.
    @discardableResult
    public func step() -> Bool {
        while !queue.isEmpty {
            let (time, _, payload) = queue.popMin()
            let slot = Int(payload)
            state.pointee.freeSlots.append(payload)
            guard let action = state.pointee.actions[slot] else { continue }  // cancelled: look further
            state.pointee.actions[slot] = nil
            state.pointee.liveEventCount -= 1
            state.pointee.now = SimTime(picoseconds: time)
            state.pointee.executedEventCount += 1
            action()
            return true
        }
        return false
    }

    /// Runs every event due at or before `limit` (inclusive), then sets `now` to `limit`.
    /// Events scheduled for later stay pending. Returns the number of events run.
    @discardableResult
    public func run(until limit: SimTime) -> Int64 {
        precondition(limit >= now, "Simulator: run(until: \(limit)) is in the past (now \(now))")
        let before = executedEventCount
        while let next = nextEventTime, next <= limit {
            step()
        }
        state.pointee.now = limit
        return executedEventCount - before
    }

    /// Runs until no event is pending. Returns the number of events run.
    @discardableResult
    public func run() -> Int64 {
        let before = executedEventCount
        while step() {}
        return executedEventCount - before
    }

    /// Drops cancelled events from the front of the queue so `minimumTime` is a live event's.
    func skipCancelled() {
        while let slot = queue.minimumPayload, state.pointee.actions[Int(slot)] == nil {
            _ = queue.popMin()
            state.pointee.freeSlots.append(slot)
        }
    }
}
