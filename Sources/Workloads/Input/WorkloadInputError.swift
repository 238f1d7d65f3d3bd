/// A recoverable input error of the Workloads module: every problem found, not just the first.
///
/// Validation collects all problems before failing (house style), so a config with three bad
/// fields reports all three.
public struct WorkloadInputError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [InputProblem]

    public init(_ problems: [InputProblem]) {
        precondition(!problems.isEmpty, "an input error needs at least one problem")
        self.problems = problems
    }

    public init(source: String, field: String, reason: String) {
        self.init([InputProblem(source: source, field: field, reason: reason)])
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
