/// The first line of an operator trace (docs/trace-format.md): format name, version, and what
/// the operators were built from.
public struct TraceHeader: Hashable, Sendable, Codable {
    /// Always `TraceHeader.formatName`.
    public var format: String
    /// Always `TraceHeader.currentVersion` for traces this build writes or reads.
    public var version: Int
    public var model: ModelConfig
    public var plan: ParallelismPlan
    public var accounting: AccountingOptions
    /// How routing was chosen ("uniform seed 1", "zipf:1.2 seed 1", a file name), for humans.
    public var routing: String

    public static let formatName = "duplexsim-operator-trace"
    public static let currentVersion = 1

    public init(model: ModelConfig, plan: ParallelismPlan, accounting: AccountingOptions, routing: String) {
        self.format = TraceHeader.formatName
        self.version = TraceHeader.currentVersion
        self.model = model
        self.plan = plan
        self.accounting = accounting
        self.routing = routing
    }
}
