/// One thing wrong with a preset file: the key (a JSON path such as `values.nRC`) and why.
public struct DRAMPresetProblem: Hashable, Sendable, CustomStringConvertible {
    public let key: String
    public let reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "\(key): \(reason)" }
}

/// A preset that could not be used. Lists every problem found (validation collects all problems
/// before failing), each naming the file and the key.
public struct DRAMPresetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file (or "built-in preset NAME") the preset came from.
    public let file: String
    public let problems: [DRAMPresetProblem]

    public init(file: String, problems: [DRAMPresetProblem]) {
        self.file = file
        self.problems = problems
    }

    public var description: String {
        let plural = problems.count == 1 ? "problem" : "problems"
        return "DRAM preset \(file): \(problems.count) \(plural):\n"
            + problems.map { "  \(file): \($0)" }.joined(separator: "\n")
    }
}
