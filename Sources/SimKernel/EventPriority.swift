/// The second field of an event's ordering key: among events at the same time, lower ranks run
/// first; among equal ranks, events run in the order they were scheduled.
///
/// Priorities are named so that a trace of the kernel reads as intent ("release before issue"),
/// and components may define their own in an extension.
public struct EventPriority: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// 0 runs first, 255 last.
    public let rank: UInt8
    /// A name for traces and error messages.
    public let name: StaticString

    public init(rank: UInt8, name: StaticString) {
        self.rank = rank
        self.name = name
    }

    /// Before anything else at the same instant.
    public static let earliest = EventPriority(rank: 0, name: "earliest")
    /// Resources freed at time t are free for work issued at t.
    public static let release = EventPriority(rank: 32, name: "release")
    /// Messages arriving over a link at time t are seen by work issued at t.
    public static let delivery = EventPriority(rank: 64, name: "delivery")
    /// The default.
    public static let normal = EventPriority(rank: 128, name: "normal")
    /// Schedulers choose what to start after all state changes of the instant have landed.
    public static let issue = EventPriority(rank: 192, name: "issue")
    /// Sampling sees the settled state of the instant.
    public static let statistics = EventPriority(rank: 240, name: "statistics")
    /// After everything else at the same instant.
    public static let latest = EventPriority(rank: 255, name: "latest")

    public static func < (lhs: EventPriority, rhs: EventPriority) -> Bool { lhs.rank < rhs.rank }
    public static func == (lhs: EventPriority, rhs: EventPriority) -> Bool { lhs.rank == rhs.rank }
    public func hash(into hasher: inout Hasher) { hasher.combine(rank) }
    public var description: String { "\(name)(\(rank))" }
}
