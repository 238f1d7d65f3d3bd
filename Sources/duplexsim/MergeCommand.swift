import ArgumentParser
import Foundation
import Sweep

/// `duplexsim merge`: one CSV from the output directories of a sweep's shards.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge sweep shard directories into one CSV (rows in point order; refuses conflicting duplicates).",
        discussion: "Points present in no directory are listed; without --allow-missing they are an error and nothing is written. docs/sweeps.md.")

    @Argument(help: "Sweep output directories (each with manifest.json and results.csv).")
    var directories: [String]

    @Option(name: .shortAndLong, help: "The merged CSV (written atomically).")
    var output: String

    @Flag(help: "Write the merged CSV even when points are missing (they are still listed).")
    var allowMissing = false

    func validate() throws {
        if directories.isEmpty { throw ValidationError("give at least one sweep output directory") }
    }

    func run() throws {
        let result = try SweepMerger(directories: directories.map { URL(fileURLWithPath: $0, isDirectory: true) }).merge()
        if !result.missing.isEmpty {
            let shown = result.missing.prefix(20).map { "\($0.index) (\($0.id))" }.joined(separator: ", ")
            let more = result.missing.count > 20 ? ", ... \(result.missing.count - 20) more" : ""
            FileHandle.standardError.write(Data("merge: \(result.missing.count) of \(result.totalPoints) points missing: \(shown)\(more)\n".utf8))
            if !allowMissing { throw ExitCode(2) }
        }
        try SweepFiles.write(result.csv, to: URL(fileURLWithPath: output))
        print("merged \(result.rows.count) of \(result.totalPoints) points from \(directories.count) directories into \(output)")
    }
}
