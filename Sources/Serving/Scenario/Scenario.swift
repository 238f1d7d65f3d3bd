import Foundation
import Workloads

/// A serving experiment as data (`Workloads/scenarios/*.json`, format in docs/serving.md):
/// which model, on which systems, with which traffic. Decoded strictly (`StrictJSON`: unknown
/// keys are errors) and validated with every problem named (`validate`).
public struct Scenario: Codable, Hashable, Sendable {
    /// One line for reports.
    public var description: String
    /// A model name in Workloads/models or a path to a model file.
    public var model: String
    /// The systems to compare, reported in this order.
    public var runs: [ScenarioRun]
    /// Maximum requests per stage (before any KV-cache reduction).
    public var batch: Int
    /// Nominal prompt length (Lin), tokens.
    public var lin: Int
    /// Nominal output length (Lout), tokens.
    public var lout: Int
    /// Standard deviation of the Gaussian lengths as a fraction of the nominal; 0 (default) for
    /// fixed lengths. The paper's spread is not stated.
    public var lengthSpread: Double?
    /// Requests in the run (closed and open loop; ignored with `arrivals`).
    public var requests: Int
    /// Poisson arrival rate, requests per second; absent for a closed loop.
    public var qps: Double?
    /// A request-trace CSV (`RequestTraceFile`), relative to the scenario file; replaces
    /// `requests`, `lin`/`lout` sampling and `qps`.
    public var arrivals: String?
    /// Expert routing: "uniform" (default), "zipf:<s>", or a routing-trace CSV.
    public var routing: String?
    /// Seed of lengths, arrivals and routing.
    public var seed: UInt64
    /// Closed loop only: measure a steady-state window of this many stages instead of serving
    /// `requests` from an empty server (`ContinuousBatchingScheduler.run`).
    public var steadyStateStages: Int?

    enum CodingKeys: String, CodingKey {
        case description, model, runs, batch, lin, lout, lengthSpread = "length_spread", requests, qps
        case arrivals, routing, seed, steadyStateStages = "steady_state_stages"
    }

    public init(description: String, model: String, runs: [ScenarioRun], batch: Int, lin: Int, lout: Int,
                lengthSpread: Double? = nil, requests: Int, qps: Double? = nil, arrivals: String? = nil,
                routing: String? = nil, seed: UInt64, steadyStateStages: Int? = nil) {
        self.description = description; self.model = model; self.runs = runs; self.batch = batch
        self.lin = lin; self.lout = lout; self.lengthSpread = lengthSpread; self.requests = requests
        self.qps = qps; self.arrivals = arrivals; self.routing = routing; self.seed = seed
        self.steadyStateStages = steadyStateStages
    }

    /// Reads a scenario file strictly (no validation against models and systems yet).
    public static func load(_ url: URL) throws(WorkloadInputError) -> Scenario {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WorkloadInputError(source: url.path, field: "", reason: "cannot read the scenario (\(error.localizedDescription))")
        }
        return try StrictJSON.decode(Scenario.self, from: data, source: url.lastPathComponent)
    }

    /// The traffic pattern name the scenario asks for.
    public var trafficName: String {
        arrivals != nil ? "trace" : qps != nil ? "open" : steadyStateStages != nil ? "closed-steady" : "closed"
    }

    /// Problems that need nothing but the scenario itself, each naming `source` and the field.
    public func problems(source: String) -> [InputProblem] {
        var found: [InputProblem] = []
        func fail(_ field: String, _ reason: String) { found.append(InputProblem(source: source, field: field, reason: reason)) }
        if model.isEmpty { fail("model", "must name a model") }
        if runs.isEmpty { fail("runs", "must list at least one system to run") }
        var labels: Set<String> = []
        for (index, run) in runs.enumerated() {
            let field = "runs[\(index)]"
            if run.label.isEmpty { fail("\(field).label", "must not be empty") }
            if !labels.insert(run.label).inserted { fail("\(field).label", "\"\(run.label)\" is used by an earlier run") }
            if run.label.contains(",") || run.label.contains("\"") { fail("\(field).label", "must not contain commas or quotes (it is a CSV value)") }
            if run.system.isEmpty { fail("\(field).system", "must name a system preset or file") }
            if PlacementPolicy(rawValue: run.placement) == nil {
                fail("\(field).placement", "unknown placement \"\(run.placement)\"; known: \(PlacementPolicy.names)")
            }
            if let devices = run.devices, devices < 1 { fail("\(field).devices", "must be positive, got \(devices)") }
        }
        if batch < 1 { fail("batch", "must be at least 1, got \(batch)") }
        if lin < 1 { fail("lin", "must be at least 1 token, got \(lin)") }
        if lout < 1 { fail("lout", "must be at least 1 token, got \(lout)") }
        if let spread = lengthSpread, !(spread >= 0 && spread.isFinite) {
            fail("length_spread", "must be a non-negative fraction of the nominal length, got \(spread)")
        }
        if arrivals == nil && requests < 1 { fail("requests", "must be at least 1, got \(requests)") }
        if let qps {
            if !(qps > 0 && qps.isFinite) { fail("qps", "must be a positive number of requests per second, got \(qps)") }
            if arrivals != nil { fail("qps", "cannot be combined with arrivals (the trace gives the arrival times)") }
        }
        if let window = steadyStateStages {
            if window < 1 { fail("steady_state_stages", "must be at least 1 stage, got \(window)") }
            if qps != nil || arrivals != nil { fail("steady_state_stages", "needs a closed loop (no qps, no arrivals)") }
        }
        return found
    }

    /// Input and output length distributions.
    public var inputLength: LengthDistribution { LengthDistribution(nominal: max(lin, 1), relativeSpread: lengthSpread ?? 0) }
    public var outputLength: LengthDistribution { LengthDistribution(nominal: max(lout, 1), relativeSpread: lengthSpread ?? 0) }
}
