import Foundation

/// A design-space sweep: a base document plus axes (docs/sweeps.md).
///
/// ```json
/// {"name": "...", "kind": "opb", "seed": 1,
///  "base": {...the point kind's config...},
///  "axes": [{"path": "serving.batch", "values": [32, 64]},
///           {"zip": [{"path": "a", "values": [1, 2]}, {"path": "b", "values": ["x", "y"]}]}]}
/// ```
///
/// Axis entries combine as a Cartesian product, the first entry outermost (it changes slowest);
/// the members of a `zip` entry advance together and must have equally many values.
public struct SweepSpec: Hashable, Sendable {
    /// One entry of `axes`: a single axis or zipped axes.
    public struct AxisGroup: Hashable, Sendable {
        public var axes: [SweepAxis]
        public var count: Int { axes[0].values.count }
        public init(axes: [SweepAxis]) {
            precondition(!axes.isEmpty && axes.allSatisfy { $0.values.count == axes[0].values.count }, "zipped axes have equal lengths")
            self.axes = axes
        }
    }

    public var name: String
    /// The point kind ("opb", ...).
    public var kind: String
    /// The sweep seed; each point's seed mixes it with the point id.
    public var seed: UInt64
    public var base: JSONValue
    public var groups: [AxisGroup]

    public init(name: String, kind: String, seed: UInt64, base: JSONValue, groups: [AxisGroup]) {
        self.name = name
        self.kind = kind
        self.seed = seed
        self.base = base
        self.groups = groups
    }

    /// Every axis in column order.
    public var axes: [SweepAxis] { groups.flatMap(\.axes) }

    /// Points in the whole sweep (the product of the group lengths).
    public var pointCount: Int { groups.reduce(1) { $0 * $1.count } }

    static let keys = ["name", "kind", "seed", "base", "axes"]

    /// Reads a spec file.
    public static func load(file url: URL) throws(SweepError) -> SweepSpec {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SweepError(source: url.path, path: "", reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(data, source: url.path)
    }

    /// Parses and checks the spec's shape, collecting every problem: unknown keys, missing
    /// fields, wrong types, malformed or repeated paths, empty axes, zips of unequal lengths.
    /// Whether the paths exist and the values fit their fields is the point kind's judgement
    /// (`SweepPlan`).
    public static func parse(_ data: Data, source: String) throws(SweepError) -> SweepSpec {
        let root = try JSONValue.parse(data, source: source)
        var problems: [SweepProblem] = []
        func problem(_ path: String, _ reason: String) { problems.append(SweepProblem(source: source, path: path, reason: reason)) }
        guard case .object(let members) = root else {
            throw SweepError(source: source, path: "", reason: "a sweep spec is a JSON object with keys \(keys.joined(separator: ", "))")
        }
        for key in members.keys.sorted() where !keys.contains(key) {
            problem(key, "unknown field; allowed: \(keys.joined(separator: ", "))")
        }
        var name = ""
        switch members["name"] {
        case .string(let text)?: name = text
        case nil: problem("name", "required field is missing")
        case let other?: problem("name", "expected a string, found \(other.typeName)")
        }
        var kind = ""
        switch members["kind"] {
        case .string(let text)? where !text.isEmpty: kind = text
        case nil: problem("kind", "required field is missing")
        case let other?: problem("kind", "expected a point kind name such as \"opb\", found \(other.typeName == "a string" ? "\"\"" : other.typeName)")
        }
        var seed: UInt64 = 0
        switch members["seed"] {
        case .integer(let value)? where value >= 0: seed = UInt64(value)
        case nil: problem("seed", "required field is missing")
        case let other?: problem("seed", "expected a non-negative integer, found \(other.canonicalText)")
        }
        var base = JSONValue.object([:])
        switch members["base"] {
        case .object(let value)?: base = .object(value)
        case nil: problem("base", "required field is missing")
        case let other?: problem("base", "expected an object (the point kind's config), found \(other.typeName)")
        }
        var groups: [AxisGroup] = []
        var seenPaths: [DocumentPath: String] = [:]
        func axis(_ value: JSONValue, at where_: String) -> SweepAxis? {
            guard case .object(let fields) = value else { problem(where_, "expected {\"path\": ..., \"values\": [...]}, found \(value.typeName)"); return nil }
            for key in fields.keys.sorted() where key != "path" && key != "values" {
                problem("\(where_).\(key)", "unknown field; allowed: path, values (or zip)")
            }
            var path: DocumentPath?
            switch fields["path"] {
            case .string(let text)?:
                path = DocumentPath(text)
                if path == nil { problem("\(where_).path", "\"\(text)\" is not a path such as system.device.memoryProcessor.clock or requests[0].tokens") }
            case nil: problem("\(where_).path", "required field is missing")
            case let other?: problem("\(where_).path", "expected a string, found \(other.typeName)")
            }
            var values: [JSONValue] = []
            switch fields["values"] {
            case .array(let list)?:
                values = list
                if list.isEmpty { problem("\(where_).values", "axis \(path?.description ?? "?") has no values") }
                var seen = Set<JSONValue>()
                for (index, item) in list.enumerated() where !seen.insert(item).inserted {
                    problem("\(where_).values[\(index)]", "axis \(path?.description ?? "?") repeats \(item.canonicalText)")
                }
            case nil: problem("\(where_).values", "required field is missing")
            case let other?: problem("\(where_).values", "expected an array, found \(other.typeName)")
            }
            guard let path, !values.isEmpty else { return nil }
            if let earlier = seenPaths[path] {
                problem("\(where_).path", "path \(path) is already swept by \(earlier)")
                return nil
            }
            seenPaths[path] = where_
            return SweepAxis(path: path, values: values)
        }
        switch members["axes"] {
        case .array(let entries)?:
            if entries.isEmpty { problem("axes", "no axes; a sweep needs at least one") }
            for (index, entry) in entries.enumerated() {
                let where_ = "axes[\(index)]"
                if case .object(let fields) = entry, let zip = fields["zip"] {
                    for key in fields.keys.sorted() where key != "zip" { problem("\(where_).\(key)", "unknown field next to zip") }
                    guard case .array(let list) = zip, !list.isEmpty else {
                        problem("\(where_).zip", "expected a non-empty array of axes"); continue
                    }
                    let members = list.enumerated().compactMap { axis($0.element, at: "\(where_).zip[\($0.offset)]") }
                    guard members.count == list.count else { continue }
                    let lengths = members.map(\.values.count)
                    guard Set(lengths).count == 1 else {
                        problem("\(where_).zip", "zipped axes need equally many values: "
                                + members.map { "\($0.path) has \($0.values.count)" }.joined(separator: ", "))
                        continue
                    }
                    groups.append(AxisGroup(axes: members))
                } else if let single = axis(entry, at: where_) {
                    groups.append(AxisGroup(axes: [single]))
                }
            }
        case nil: problem("axes", "required field is missing")
        case let other?: problem("axes", "expected an array, found \(other.typeName)")
        }
        guard problems.isEmpty else { throw SweepError(problems) }
        return SweepSpec(name: name, kind: kind, seed: seed, base: base, groups: groups)
    }
}
