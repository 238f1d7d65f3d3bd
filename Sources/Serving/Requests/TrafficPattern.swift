/// When requests arrive.
public enum TrafficPattern: Hashable, Sendable {
    /// A fixed population: the server starts full (max batch requests at time 0) and every
    /// finished request is replaced by a new one that joins at the next stage (the paper's default).
    case closedLoop
    /// Poisson arrivals at `qps` requests per second (exponential gaps), independent of the server.
    case openLoop(qps: Double)
    /// Arrivals and lengths read from a file (`RequestTraceFile`).
    case trace(RequestTraceFile)

    /// A short name for reports: "closed", "open", "trace".
    public var name: String {
        switch self {
        case .closedLoop: return "closed"
        case .openLoop: return "open"
        case .trace: return "trace"
        }
    }
}
