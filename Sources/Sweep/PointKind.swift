import SimKernel

/// What a sweep point is: how a resolved point document becomes a typed config, how a point runs,
/// and which metric columns it produces. The sweep engine knows nothing else about a command, so
/// `opb`, `replay` and `run` are point kinds of one engine.
///
/// Implementations are `Sendable` values: points run concurrently on one shared kind, so any
/// state a kind shares across points must be thread-safe and must not change results (e.g. a
/// `MemoCache` of pure functions).
public protocol PointKind: Sendable {
    associatedtype Config: Sendable

    /// The spec's `kind` string.
    var name: String { get }

    /// The metric columns, after the axis columns, with units as suffixes (`stage_time_us`).
    /// The same for every point of the kind.
    var metricColumns: [String] { get }

    /// Replaces references by the documents they name (e.g. a system preset name by the preset's
    /// JSON) so that axis paths can address fields inside them. Applied to the base before the
    /// axes are checked, and to every resolved point; must be idempotent. `source` names the
    /// document in errors.
    func normalize(_ document: JSONValue, source: String) throws(SweepError) -> JSONValue

    /// Decodes a resolved point document strictly: unknown fields, missing fields, wrong types
    /// and invalid values are errors naming the document path.
    func decode(_ document: JSONValue, source: String) throws(SweepError) -> Config

    /// Runs one point and returns its metric cells, in `metricColumns` order. Must be a function
    /// of `config` and `seed` only: the same point gives the same cells on any thread, in any
    /// order, in any process.
    func run(_ config: Config, seed: UInt64, source: String) throws(SweepError) -> [String]

    /// Statistics of the caches the kind shares across points, for the end-of-sweep report.
    var cacheStatistics: [CacheStatistics] { get }
}
