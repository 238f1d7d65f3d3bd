/// One thing wrong with a configuration file: where (a dotted key path) and why.
public struct ConfigProblem: Hashable, Sendable, CustomStringConvertible {
    /// The dotted key path inside the file, e.g. `device.xpu.hbmStacks.value`; empty for the root.
    public let path: String
    /// Why the value was rejected, in words a user can act on.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}
