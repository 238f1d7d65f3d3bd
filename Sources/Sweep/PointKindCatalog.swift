/// The point kinds a sweep spec's `kind` may name.
public enum PointKindCatalog {
    /// Kind names, in listing order.
    public static let names = ["opb", "replay", "run"]

    /// The kind named `name`, or an error listing the known kinds.
    public static func make(_ name: String, environment: SweepEnvironment, source: String) throws(SweepError) -> any PointKind {
        switch name {
        case "opb": return OpBPointKind(environment: environment)
        case "replay": return ReplayPointKind(environment: environment)
        case "run": return RunPointKind(environment: environment)
        default:
            throw SweepError(source: source, path: "kind", reason: "unknown point kind \"\(name)\"; known: \(names.joined(separator: ", "))")
        }
    }
}
