/// One thing wrong with an input (a model config, a trace line, a routing file, a command-line
/// value), named so that a user can fix it without reading the source.
public struct InputProblem: Hashable, Sendable, CustomStringConvertible {
    /// Where: a file name, "file:line", or a command-line option such as "--batch".
    public var source: String
    /// The offending field as a dotted path ("shape.tokens"), or "" when the whole item is wrong.
    public var field: String
    /// Why it was rejected, as a sentence fragment ("must be positive, got 0").
    public var reason: String

    public init(source: String, field: String, reason: String) {
        self.source = source
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "\(source): \(reason)" : "\(source): field \"\(field)\": \(reason)"
    }
}
