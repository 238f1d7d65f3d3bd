import Units

/// The receiving end of a typed connection: calls its handler with every message delivered.
public final class InPort<Message> {
    /// The dotted name, e.g. "stack0.controller.requests".
    public let name: String
    @usableFromInline let handler: (Message) -> Void

    public init(name: String, handler: @escaping (Message) -> Void) {
        self.name = name
        self.handler = handler
    }

    @inlinable func deliver(_ message: Message) { handler(message) }
}

/// A one-way connection with a fixed latency: a message sent at time t is delivered to the
/// destination port at t + latency, with `EventPriority.delivery`, in send order.
///
/// Registers `<name>.messages` (count) in the simulator's statistics.
public final class Link<Message>: Component {
    public let name: String
    public unowned let simulator: Simulator
    /// The fixed delay from send to delivery.
    public let latency: SimTime
    public let destination: InPort<Message>
    private let sentMessages: Counter

    public init(name: String, simulator: Simulator, latency: SimTime, destination: InPort<Message>) throws {
        precondition(latency >= .zero, "Link \(name): negative latency \(latency)")
        self.name = name
        self.simulator = simulator
        self.latency = latency
        self.destination = destination
        self.sentMessages = try simulator.statistics.counter(
            "\(name).messages", unit: "count", description: "messages sent over the link")
    }

    /// Sends `message`; it arrives `latency` later.
    public func send(_ message: Message) {
        sentMessages.increment()
        let destination = self.destination
        simulator.schedule(after: latency, priority: .delivery) { destination.deliver(message) }
    }
}

/// The sending end of a typed connection; must be connected to a link before use.
public final class OutPort<Message> {
    public let name: String
    public private(set) var link: Link<Message>?

    public init(name: String) { self.name = name }

    /// Binds this port to `link`. A port connects once.
    public func connect(to link: Link<Message>) {
        precondition(self.link == nil, "OutPort \(name) is already connected to \(self.link!.name)")
        self.link = link
    }

    /// Sends `message` over the connected link.
    public func send(_ message: Message) {
        guard let link else { preconditionFailure("OutPort \(name) sent a message before being connected") }
        link.send(message)
    }
}
