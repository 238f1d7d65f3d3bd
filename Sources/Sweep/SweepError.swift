import Foundation

/// One thing wrong with a sweep: a spec field, a point's resolved config, an output directory.
public struct SweepProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where: the spec file, "point 12 (id 3f...)", an output file.
    public var source: String
    /// The offending document path ("axes[1].values", "system.device.memoryProcessor.clock"), or "".
    public var path: String
    /// Why, as a sentence fragment.
    public var reason: String

    public init(source: String, path: String, reason: String) {
        self.source = source
        self.path = path
        self.reason = reason
    }

    public var description: String {
        path.isEmpty ? "\(source): \(reason)" : "\(source): \(path): \(reason)"
    }
}

/// A recoverable sweep error holding every problem found (validation collects before failing).
public struct SweepError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [SweepProblem]

    public init(_ problems: [SweepProblem]) {
        precondition(!problems.isEmpty, "a sweep error needs at least one problem")
        self.problems = problems
    }

    public init(source: String, path: String, reason: String) {
        self.init([SweepProblem(source: source, path: path, reason: reason)])
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
