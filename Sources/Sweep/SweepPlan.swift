/// A sweep expanded and checked: every point resolved, normalised, decoded by its kind and given
/// its id and seed, before anything runs.
///
/// Checks, all collected before failing: every axis path exists in the (normalised) base
/// document, or names a new field of an existing object (the kind's strict decoding then accepts
/// or rejects it); every point decodes; no two points resolve to the same config. Problems that
/// repeat across points (a wrong type on one axis value) are reported once, with the first point
/// and how many points share them. Complexity: O(points x document size) work, spread over `jobs`
/// threads.
public struct SweepPlan<Kind: PointKind>: Sendable {
    public let spec: SweepSpec
    public let kind: Kind
    /// All points of the sweep (every shard), in index order.
    public let points: [SweepPoint<Kind.Config>]

    /// Problems reported per distinct (path, reason), at most this many.
    static var problemLimit: Int { 40 }

    /// A point's resolution: axis cells, normalised document, config, id and error label.
    typealias Resolution = Result<([String], JSONValue, Kind.Config, String, String), SweepError>

    /// Expands and checks `spec`; `jobs` threads resolve and decode points in parallel (the
    /// result does not depend on it).
    public init(spec: SweepSpec, kind: Kind, source: String, jobs: Int = 1) throws(SweepError) {
        precondition(spec.kind == kind.name, "the spec's kind \(spec.kind) must match the point kind \(kind.name)")
        self.spec = spec
        self.kind = kind
        let base = try kind.normalize(spec.base, source: "\(source): base")
        var problems: [SweepProblem] = []
        for (groupIndex, group) in spec.groups.enumerated() {
            for (axisIndex, axis) in group.axes.enumerated() {
                var probe = base
                if base.value(at: axis.path) == nil, let reason = probe.set(axis.values[0], at: axis.path) {
                    let entry = group.axes.count == 1 ? "axes[\(groupIndex)]" : "axes[\(groupIndex)].zip[\(axisIndex)]"
                    problems.append(SweepProblem(source: source, path: axis.path.description,
                                                 reason: "unknown path (\(entry)): \(reason)"))
                }
            }
        }
        guard problems.isEmpty else { throw SweepError(problems) }

        let axes = spec.axes
        let groups = spec.groups
        let resolved = ParallelMap<Resolution>(count: spec.pointCount)
        resolved.run(jobs: jobs) { index -> Resolution in
            let choice = SweepPlan.valueIndices(of: index, groups: groups)
            var document = base
            var cells: [String] = []
            for (groupIndex, group) in groups.enumerated() {
                for axis in group.axes {
                    let reason = document.set(axis.values[choice[groupIndex]], at: axis.path)
                    precondition(reason == nil, "axis paths were checked against the base: \(reason ?? "")")
                    cells.append(axis.cell(choice[groupIndex]))
                }
            }
            let label = "\(source): point \(index) (" + zip(axes, cells).map { "\($0.path)=\($1)" }.joined(separator: ", ") + ")"
            do throws(SweepError) {
                document = try kind.normalize(document, source: label)
                let config = try kind.decode(document, source: label)
                return .success((cells, document, config, SweepPlan.pointID(kind: kind.name, document: document), label))
            } catch {
                return .failure(error)
            }
        }

        var points: [SweepPoint<Kind.Config>] = []
        points.reserveCapacity(spec.pointCount)
        var repeated: [String: (first: SweepProblem, count: Int)] = [:]
        var order: [String] = []
        var byID: [String: Int] = [:]
        for (index, result) in resolved.results.enumerated() {
            switch result {
            case .success(let (cells, document, config, id, label)):
                if let earlier = byID[id] {
                    let same = points[earlier].document == document
                    problems.append(SweepProblem(source: label, path: "", reason: same
                        ? "resolves to the same config as point \(points[earlier].index)"
                        : "has the same 64-bit id \(id) as point \(points[earlier].index) with a different config (a hash collision)"))
                    continue
                }
                byID[id] = points.count
                points.append(SweepPoint(index: index, id: id, seed: SweepPlan.pointSeed(sweepSeed: spec.seed, id: id),
                                         axisCells: cells, document: document, config: config))
            case .failure(let error):
                for problem in error.problems {
                    let key = "\(problem.path)\u{0}\(problem.reason)"
                    if let entry = repeated[key] {
                        repeated[key] = (entry.first, entry.count + 1)
                    } else {
                        repeated[key] = (problem, 1)
                        order.append(key)
                    }
                }
            }
        }
        for key in order.prefix(SweepPlan.problemLimit) {
            let (first, count) = repeated[key]!
            var problem = first
            if count > 1 { problem.reason += " (and \(count - 1) more points)" }
            problems.append(problem)
        }
        if order.count > SweepPlan.problemLimit {
            problems.append(SweepProblem(source: source, path: "", reason: "\(order.count - SweepPlan.problemLimit) further distinct problems not shown"))
        }
        guard problems.isEmpty else { throw SweepError(problems) }
        self.points = points
    }

    /// The CSV header: point id, every axis column, every metric column.
    public var header: [String] { ["point_id"] + spec.axes.map(\.column) + kind.metricColumns }

    /// The value index of each axis group at point `index` (mixed radix, last group fastest).
    static func valueIndices(of index: Int, groups: [SweepSpec.AxisGroup]) -> [Int] {
        var rest = index
        var result = Array(repeating: 0, count: groups.count)
        for position in groups.indices.reversed() {
            result[position] = rest % groups[position].count
            rest /= groups[position].count
        }
        return result
    }

    /// FNV-1a-64 of the canonical JSON of `{"config": document, "kind": kind}`, as 16 hex digits.
    public static func pointID(kind: String, document: JSONValue) -> String {
        StableHash.hex(StableHash.of(JSONValue.object(["kind": .string(kind), "config": document]).canonicalText))
    }

    /// The seed of the point with `id` in a sweep seeded `sweepSeed`.
    public static func pointSeed(sweepSeed: UInt64, id: String) -> UInt64 {
        guard let bits = UInt64(id, radix: 16) else { preconditionFailure("a point id is 16 hex digits, got \(id)") }
        return StableHash.mix(sweepSeed ^ bits)
    }
}
