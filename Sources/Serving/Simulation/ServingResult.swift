/// The outcome of one run of a scenario.
public struct ServingResult: Sendable {
    public let label: String
    public let deployment: ServingDeployment
    public let trace: ServingTrace
    public let metrics: ServingMetrics

    public init(label: String, deployment: ServingDeployment, trace: ServingTrace) {
        self.label = label
        self.deployment = deployment
        self.trace = trace
        self.metrics = ServingMetrics(trace)
    }
}
