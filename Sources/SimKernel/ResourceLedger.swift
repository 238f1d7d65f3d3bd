/// The booking counters of a list of resources at one moment, to copy what was booked on them
/// since then onto another list of resources in the same state (a model whose units work in
/// lockstep books one of them and mirrors the others; docs/devices.md, "Lockstep devices").
///
/// `mirror(from:onto:)` leaves each target resource exactly as if it had received the same
/// bookings as its source resource since `record`: its last booking's end (when it got any),
/// busy time and booking count. Both lists must have the same length, resource by resource.
public struct ResourceLedger {
    private var busy: [Int64] = []
    private var bookings: [Int64] = []

    public init() {}

    /// Notes the counters of `resources` now.
    public mutating func record(_ resources: [Resource]) {
        busy.removeAll(keepingCapacity: true)
        bookings.removeAll(keepingCapacity: true)
        for r in resources {
            busy.append(r.busy.value)
            bookings.append(r.bookings.value)
        }
    }

    /// Applies to `targets[k]` the bookings `sources[k]` received since `record(sources)`.
    public func mirror(from sources: [Resource], onto targets: [Resource]) {
        precondition(sources.count == busy.count && targets.count == busy.count, "ResourceLedger: lists of different lengths")
        for k in sources.indices {
            let source = sources[k], target = targets[k]
            let count = source.bookings.value - bookings[k]
            guard count > 0 else { continue }
            target.end.pointee = source.end.pointee
            target.busy.add(source.busy.value - busy[k])
            target.bookings.add(count)
        }
    }
}
