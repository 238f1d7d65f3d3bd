import Foundation

/// Merges the output directories of a sweep's shards (or of partial runs) into one table.
///
/// Every directory must hold a manifest of the same sweep (name, kind, seed, header and point
/// ids). A point found in several directories must have identical rows there, else the merge is
/// refused naming the point and both directories. Rows come out in point-index order, so merged
/// shards are byte-identical to a single run; points found nowhere are listed in `missing`.
public struct SweepMerger: Sendable {
    public struct Result: Sendable {
        public var header: [String]
        /// Rows in point-index order.
        public var rows: [[String]]
        /// Points of the sweep that no directory holds, as (index, id).
        public var missing: [(index: Int, id: String)]
        public var totalPoints: Int

        /// The merged CSV text.
        public var csv: String { SweepFiles.render(header: header, rows: rows) }
    }

    public var directories: [URL]

    public init(directories: [URL]) {
        precondition(!directories.isEmpty, "merge needs at least one directory")
        self.directories = directories
    }

    public func merge() throws(SweepError) -> Result {
        var problems: [SweepProblem] = []
        let manifests = try directories.map { (directory) throws(SweepError) -> SweepManifest in try SweepManifest.load(directory: directory) }
        let reference = manifests[0]
        for (directory, manifest) in zip(directories, manifests).dropFirst() {
            let source = directory.appendingPathComponent(SweepManifest.fileName).path
            let first = directories[0].path
            if manifest.name != reference.name { problems.append(.init(source: source, path: "name", reason: "\"\(manifest.name)\" differs from \"\(reference.name)\" in \(first)")) }
            if manifest.kind != reference.kind { problems.append(.init(source: source, path: "kind", reason: "\(manifest.kind) differs from \(reference.kind) in \(first)")) }
            if manifest.seed != reference.seed { problems.append(.init(source: source, path: "seed", reason: "\(manifest.seed) differs from \(reference.seed) in \(first)")) }
            if manifest.header != reference.header { problems.append(.init(source: source, path: "header", reason: "the columns differ from those in \(first)")) }
            if manifest.pointIDs != reference.pointIDs { problems.append(.init(source: source, path: "pointIDs", reason: "not the same sweep points as \(first) (the spec changed?)")) }
        }
        guard problems.isEmpty else { throw SweepError(problems) }

        var indexOf: [String: Int] = [:]
        for (index, id) in reference.pointIDs.enumerated() { indexOf[id] = index }
        var rows: [Int: (row: [String], from: String)] = [:]
        for directory in directories {
            let file = directory.appendingPathComponent(SweepManifest.resultsFileName)
            guard FileManager.default.fileExists(atPath: file.path) else {
                problems.append(SweepProblem(source: file.path, path: "", reason: "missing (the shard never checkpointed a result)"))
                continue
            }
            let table = try SweepFiles.readTable(file)
            guard table.header == reference.header else {
                problems.append(SweepProblem(source: file.path, path: "", reason: "header differs from the manifest's"))
                continue
            }
            for (row, cells) in table.rows.enumerated() {
                let location = "\(file.path):\(table.lineNumbers[row])"
                guard let index = indexOf[cells[0]] else {
                    problems.append(SweepProblem(source: location, path: "", reason: "point \(cells[0]) is not a point of this sweep"))
                    continue
                }
                if let earlier = rows[index] {
                    if earlier.row != cells {
                        problems.append(SweepProblem(source: location, path: "",
                                                     reason: "point \(index) (id \(cells[0])) has a different result in \(earlier.from); refusing to merge"))
                    }
                    continue
                }
                rows[index] = (cells, location)
            }
        }
        guard problems.isEmpty else { throw SweepError(problems) }
        let missing = reference.pointIDs.enumerated().filter { rows[$0.offset] == nil }.map { (index: $0.offset, id: $0.element) }
        return Result(header: reference.header, rows: rows.keys.sorted().map { rows[$0]!.row }, missing: missing,
                      totalPoints: reference.pointIDs.count)
    }
}
