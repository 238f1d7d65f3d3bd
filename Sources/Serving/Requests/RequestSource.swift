import SimKernel
import Units

/// Generates the requests of a run, seeded, as the scheduler asks for them.
///
/// Lengths and arrival gaps come from separate `SplitMix64` streams derived from `seed`, so
/// changing the traffic pattern does not change the lengths drawn, and the same seed always gives
/// the same requests. Ids are assigned in creation order (= arrival order).
public struct RequestSource: Sendable {
    public let pattern: TrafficPattern
    /// Requests in the whole run (for a trace: its rows).
    public let total: Int
    public let inputLength: LengthDistribution
    public let outputLength: LengthDistribution
    private var lengths: SplitMix64
    private var gaps: SplitMix64
    private var created = 0
    private var lastArrival = SimTime.zero

    /// Stream identifiers of `SplitMix64.stream(seed:purpose:)`.
    private static let lengthStream: UInt64 = 1, arrivalStream: UInt64 = 2

    public init(pattern: TrafficPattern, requests: Int, inputLength: LengthDistribution,
                outputLength: LengthDistribution, seed: UInt64) {
        if case .trace(let file) = pattern {
            self.total = file.entries.count
        } else {
            precondition(requests >= 1, "a run needs at least one request, got \(requests)")
            self.total = requests
        }
        if case .openLoop(let qps) = pattern { precondition(qps > 0 && qps.isFinite, "QPS must be positive, got \(qps)") }
        self.pattern = pattern
        self.inputLength = inputLength
        self.outputLength = outputLength
        self.lengths = .stream(seed: seed, purpose: RequestSource.lengthStream)
        self.gaps = .stream(seed: seed, purpose: RequestSource.arrivalStream)
    }

    /// Requests not yet created.
    public var remaining: Int { total - created }

    /// The requests known before the run starts: `slots` requests at time 0 for a closed loop,
    /// every request for open-loop and trace traffic (arrivals in the future).
    public mutating func initialRequests(slots: Int) -> [ServingRequest] {
        precondition(created == 0, "initialRequests is called once, first")
        switch pattern {
        case .closedLoop:
            return (0..<min(slots, total)).map { _ in make(arrival: .zero) }
        case .openLoop(let qps):
            return (0..<total).map { _ in
                lastArrival += SimTime(seconds: gaps.nextExponential(rate: qps))
                return make(arrival: lastArrival)
            }
        case .trace(let file):
            return file.entries.map { entry in
                defer { created += 1 }
                return ServingRequest(id: created, arrival: entry.arrival, inputTokens: entry.inputTokens, outputTokens: entry.outputTokens)
            }
        }
    }

    /// The request that replaces one finishing at `time` (closed loop only), or nil when the run
    /// has created all its requests or the traffic does not depend on completions.
    public mutating func replacement(finishingAt time: SimTime) -> ServingRequest? {
        guard case .closedLoop = pattern, created < total else { return nil }
        return make(arrival: time)
    }

    private mutating func make(arrival: SimTime) -> ServingRequest {
        defer { created += 1 }
        let input = inputLength.sample(&lengths)
        let output = outputLength.sample(&lengths)
        return ServingRequest(id: created, arrival: arrival, inputTokens: input, outputTokens: output)
    }
}
