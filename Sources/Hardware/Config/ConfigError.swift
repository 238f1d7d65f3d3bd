/// A configuration file that cannot be used, with every problem found in it (not just the first).
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file (or a label such as "<inline>") the problems were found in.
    public let file: String
    /// All problems, in file order for decoding problems, then in validation order.
    public let problems: [ConfigProblem]

    public init(file: String, problems: [ConfigProblem]) {
        precondition(!problems.isEmpty, "a ConfigError needs at least one problem")
        self.file = file
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "\(file): \(count)\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
