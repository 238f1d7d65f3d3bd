import Foundation
import Workloads

/// `manifest.json` of a sweep output directory: what the directory's `results.csv` is part of.
/// `merge` checks that every directory belongs to the same sweep and finds missing points with
/// it; `--resume` checks that the kind and seed have not changed.
public struct SweepManifest: Codable, Hashable, Sendable {
    /// Format version of the output directory.
    public var format: Int
    public var name: String
    public var kind: String
    public var seed: UInt64
    /// "K/N".
    public var shard: String
    /// The CSV header of `results.csv`.
    public var header: [String]
    /// The ids of all points of the sweep (every shard), in index order.
    public var pointIDs: [String]

    public static let fileName = "manifest.json"
    public static let resultsFileName = "results.csv"
    public static let currentFormat = 1

    public init(name: String, kind: String, seed: UInt64, shard: Shard, header: [String], pointIDs: [String]) {
        self.format = SweepManifest.currentFormat
        self.name = name
        self.kind = kind
        self.seed = seed
        self.shard = shard.description
        self.header = header
        self.pointIDs = pointIDs
    }

    /// Reads `DIR/manifest.json`.
    public static func load(directory: URL) throws(SweepError) -> SweepManifest {
        let file = directory.appendingPathComponent(fileName)
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw SweepError(source: file.path, path: "", reason: "cannot read the sweep manifest (\(error.localizedDescription)); is this a sweep output directory?")
        }
        let manifest: SweepManifest
        do {
            manifest = try StrictJSON.decode(SweepManifest.self, from: data, source: file.path)
        } catch {
            throw SweepError(error.problems.map { SweepProblem(source: $0.source, path: $0.field, reason: $0.reason) })
        }
        guard manifest.format == currentFormat else {
            throw SweepError(source: file.path, path: "format", reason: "format \(manifest.format) is not supported (expected \(currentFormat))")
        }
        return manifest
    }

    /// Writes `DIR/manifest.json` atomically (sorted keys, so the bytes are deterministic).
    public func write(directory: URL) throws(SweepError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(self)
        } catch {
            preconditionFailure("a manifest always encodes: \(error)")
        }
        try SweepFiles.write(String(decoding: data, as: UTF8.self) + "\n", to: directory.appendingPathComponent(SweepManifest.fileName))
    }
}
