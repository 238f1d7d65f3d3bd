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
/// Registers `<name>.busy` (ps) and `<name>.bookings` (count).
public final class Resource: Component {
    public let name: String
    public unowned let simulator: Simulator
    /// When the last booking ends; the resource is free from then on.
    public private(set) var freeAt: SimTime = .zero
    private let busy: Counter
    private let bookings: Counter

    public init(name: String, simulator: Simulator) throws {
        self.name = name
        self.simulator = simulator
        busy = try simulator.statistics.counter("\(name).busy", unit: "ps", description: "time the resource was occupied")
        bookings = try simulator.statistics.counter("\(name).bookings", unit: "count", description: "bookings served")
    }

    /// Total occupied time so far.
    public var busyTime: SimTime { SimTime(picoseconds: busy.value) }

    /// Fraction of `window` this resource was occupied (0...1 when the window covers all work).
    public func utilisation(over window: SimTime) -> Double {
        window.picoseconds == 0 ? 0 : busyTime / window
    }

    /// Books all `resources` together for `duration`, starting no earlier than `earliest` (and
    /// never before `now`). Returns the booked interval. Resources must be distinct.
    @discardableResult
    public static func reserve(_ resources: [Resource], for duration: SimTime,
                               notBefore earliest: SimTime) -> (start: SimTime, end: SimTime) {
        precondition(duration >= .zero, "Resource.reserve: negative duration \(duration)")
        precondition(!resources.isEmpty, "Resource.reserve: no resource named")
        var start = earliest
        for r in resources {
            if r.freeAt > start { start = r.freeAt }
            if r.simulator.now > start { start = r.simulator.now }
        }
        let end = start + duration
        for r in resources {
            r.freeAt = end
            r.busy.add(duration.picoseconds)
            r.bookings.increment()
        }
        return (start, end)
    }

    /// Books this resource alone; see `reserve(_:for:notBefore:)`.
    @discardableResult
    public func reserve(for duration: SimTime, notBefore earliest: SimTime) -> (start: SimTime, end: SimTime) {
        Resource.reserve([self], for: duration, notBefore: earliest)
    }
}
