import ArgumentParser
import Foundation
import Sweep

/// `duplexsim sweep`: expands a sweep spec, runs its points in parallel and writes one tidy CSV.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a design-space sweep: a spec's points in parallel, resumable, sharded, into one tidy CSV.",
        discussion: """
            Writes DIR/results.csv (point_id, axis columns with units, metric columns; rows in point order, \
            identical whatever --jobs is) and DIR/manifest.json. Spec format, ids, seeds, resume and Slurm: docs/sweeps.md.
            """)

    @Argument(help: "The sweep spec (JSON).")
    var spec: String

    @Option(help: "Output directory (created if needed).")
    var out: String

    @Option(help: "Points run in parallel; the default is the number of cores.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Run only shard K of N (1 <= K <= N): points whose index i has i mod N = K-1.")
    var shard: String = "1/1"

    @Flag(help: "Keep the results already in DIR and run only the missing points (and points whose config changed).")
    var resume = false

    @Flag(help: "Expand and validate only; print the shard's points (index, id, seed, axis values) as CSV.")
    var dryRun = false

    @Option(help: "Directory of model configs (default: Workloads/models above the spec, the current directory or the executable).")
    var modelsDir: String?

    @Option(help: "Directory of system presets (default: Workloads/systems next to the models directory).")
    var systemsDir: String?

    @Option(help: "Seconds between atomic checkpoints of results.csv while points finish.")
    var checkpointSeconds: Double = 1

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be positive, got \(jobs)") }
        if !(checkpointSeconds >= 0) { throw ValidationError("--checkpoint-seconds must not be negative, got \(checkpointSeconds)") }
        _ = try Shard(parsing: shard)
    }

    func run() throws {
        let specURL = URL(fileURLWithPath: spec)
        let parsed = try SweepSpec.load(file: specURL)
        let environment = try environment(specURL: specURL)
        let kind = try PointKindCatalog.make(parsed.kind, environment: environment, source: spec)
        try execute(kind, spec: parsed)
    }

    /// --models-dir / --systems-dir, else Workloads/ above the spec, the current directory or the executable.
    func environment(specURL: URL) throws -> SweepEnvironment {
        if let modelsDir, let systemsDir {
            return SweepEnvironment(modelsDirectory: URL(fileURLWithPath: modelsDir, isDirectory: true),
                                    systemsDirectory: URL(fileURLWithPath: systemsDir, isDirectory: true))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var found = try SweepEnvironment.find(searchingFrom: [specURL.deletingLastPathComponent(), cwd, executable])
        if let modelsDir { found.modelsDirectory = URL(fileURLWithPath: modelsDir, isDirectory: true) }
        if let systemsDir { found.systemsDirectory = URL(fileURLWithPath: systemsDir, isDirectory: true) }
        return found
    }

    func execute<Kind: PointKind>(_ kind: Kind, spec parsed: SweepSpec) throws {
        let plan = try SweepPlan(spec: parsed, kind: kind, source: spec, jobs: jobs)
        let shard = try Shard(parsing: shard)
        let runner = SweepRunner(plan: plan, directory: URL(fileURLWithPath: out, isDirectory: true), jobs: jobs, shard: shard,
                                 resume: resume, checkpointInterval: checkpointSeconds, progress: true)
        if dryRun {
            let points = runner.shardPoints
            print("# sweep \(parsed.name): kind \(kind.name), \(plan.points.count) points, shard \(shard): \(points.count), seed \(parsed.seed)")
            let header = ["point_index", "point_id", "seed"] + parsed.axes.map(\.column)
            print(SweepFiles.render(header: header, rows: points.map { ["\($0.index)", $0.id, "\($0.seed)"] + $0.axisCells }), terminator: "")
            return
        }
        let report = try runner.run()
        print("sweep \(parsed.name): \(report.shardPoints) points in shard \(shard) (\(report.ran) run, \(report.reused) reused), "
              + "\(jobs) jobs, \(String(format: "%.2f", report.wallSeconds)) s, "
              + "\(String(format: "%.1f", Double(report.ran) / max(report.wallSeconds, 1e-9))) points/s")
        for cache in report.caches { print("  cache \(cache)") }
        print("wrote \(report.resultsFile.path)")
    }
}
