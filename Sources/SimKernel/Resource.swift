import Units

/// A shared, non-preemptive server (a compute engine, a bank bundle, a channel bus, a link
/// direction) that work occupies for a duration.
///
/// Work is booked in the order it is requested (first come, first served by booking): a booking
/// starts at the later of its earliest start and the moment the resource frees, and holds it for
/// its duration. Booking several resources together (`Resource.reserve`) starts when all of them
/// are free, so two tiles that share a bank bundle serialise and tiles on different bundles
/// overlap — contention is the outcome of occupancy, never an assumed factor.
///
/// The booking state lives behind a pointer owned by the instance, so booking pays no dynamic
/// exclusivity check (transaction-level models book tens of thousands of tiles per stage).
///
/// Registers `<name>.busy` (ps) and `<name>.bookings` (count).
public final class Resource: Component {
    public let name: String
    public unowned let simulator: Simulator
    /// When the last booking ends, in picoseconds.
    @usableFromInline let end: UnsafeMutablePointer<Int64>
    @usableFromInline let busy: Counter
    @usableFromInline let bookings: Counter

    public init(name: String, simulator: Simulator) throws {
        self.name = name
        self.simulator = simulator
        busy = try simulator.statistics.counter("\(name).busy", unit: "ps", description: "time the resource was occupied")
        bookings = try simulator.statistics.counter("\(name).bookings", unit: "count", description: "bookings served")
        end = .allocate(capacity: 1)
        end.initialize(to: 0)
    }

    deinit { end.deallocate() }

    /// When the last booking ends; the resource is free from then on.
    public var freeAt: SimTime { SimTime(picoseconds: end.pointee) }

    /// Total occupied time so far.
    public var busyTime: SimTime { SimTime(picoseconds: busy.value) }

    /// Fraction of `window` this resource was occupied (0...1 when the window covers all work).
    public func utilisation(over window: SimTime) -> Double {
        window.picoseconds == 0 ? 0 : busyTime / window
    }

    /// Books all `resources` together for `duration`, starting no earlier than `earliest` (and
    /// never before `now`). Returns the booked interval. Resources must be distinct and belong
    /// to one simulator.
    @inlinable @discardableResult
    public static func reserve(_ resources: [Resource], for duration: SimTime,
                               notBefore earliest: SimTime) -> (start: SimTime, end: SimTime) {
        precondition(!resources.isEmpty, "Resource.reserve: no resource named")
        return reserve(resources, for: duration, notBefore: earliest, now: resources[0].simulator.now)
    }

    /// As `reserve(_:for:notBefore:)`, with the simulator's present `now` passed in by a caller
    /// that holds the simulator (it saves reaching the simulator through a resource's unowned
    /// reference on every booking; the hot path of the device replay).
    @inlinable @discardableResult
    public static func reserve(_ resources: [Resource], for duration: SimTime,
                               notBefore earliest: SimTime, now: SimTime) -> (start: SimTime, end: SimTime) {
        precondition(duration >= .zero, "Resource.reserve: negative duration \(duration)")
        precondition(!resources.isEmpty, "Resource.reserve: no resource named")
        return resources.withUnsafeBufferPointer { resources in
            var start = max(earliest.picoseconds, now.picoseconds)
            for r in resources where r.end.pointee > start { start = r.end.pointee }
            let finish = start + duration.picoseconds
            for r in resources {
                r.end.pointee = finish
                r.busy.add(duration.picoseconds)
                r.bookings.increment()
            }
            return (SimTime(picoseconds: start), SimTime(picoseconds: finish))
        }
    }

    /// Books this resource alone; see `reserve(_:for:notBefore:)`.
    @inlinable @discardableResult
    public func reserve(for duration: SimTime, notBefore earliest: SimTime) -> (start: SimTime, end: SimTime) {
        reserve(for: duration, notBefore: earliest, now: simulator.now)
    }

    /// As `reserve(for:notBefore:)`, with the simulator's present passed in.
    @inlinable @discardableResult
    public func reserve(for duration: SimTime, notBefore earliest: SimTime, now: SimTime) -> (start: SimTime, end: SimTime) {
        precondition(duration >= .zero, "Resource.reserve: negative duration \(duration)")
        let start = max(earliest.picoseconds, now.picoseconds, end.pointee)
        let finish = start + duration.picoseconds
        end.pointee = finish
        busy.add(duration.picoseconds)
        bookings.increment()
        return (SimTime(picoseconds: start), SimTime(picoseconds: finish))
    }
}
