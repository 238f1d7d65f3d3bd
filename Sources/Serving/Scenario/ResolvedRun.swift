/// One run of a scenario with its system loaded and its deployment checked.
public struct ResolvedRun: Sendable {
    public let label: String
    public let deployment: ServingDeployment
    public let batchLimit: BatchLimit
}
