import ArgumentParser
import Foundation
import Sweep

/// A 1,000-point operator-level design-space sweep of a Mixtral-8x7B decode stage: placement x
/// batch x Logic-PIM TSV multiplier x PIM clock. Default spec
/// `Workloads/sweeps/mixtral-decode-1000-replay.json` (2 x 5 x 10 x 10, `replay` kind: every
/// operator timed on the transaction-level device models); `--spec
/// Workloads/sweeps/mixtral-decode-1000.json` is the roofline variant (4 x 5 x 5 x 10, `opb`
/// kind). Measures the whole `duplexsim sweep` path: expansion and validation, parallel
/// execution, the CSV.
struct SweepBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "1,000-point Mixtral decode sweep (placement x batch x TSV multiplier x clock), wall time.")

    @Option(help: "Points run in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The spec (default: Workloads/sweeps/mixtral-decode-1000-replay.json of this checkout, on the device models; mixtral-decode-1000.json is the roofline variant).")
    var spec: String?

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let environment = try SweepEnvironment.find(searchingFrom: [cwd, executable])
        let specURL = spec.map { URL(fileURLWithPath: $0) }
            ?? environment.modelsDirectory.deletingLastPathComponent().appendingPathComponent("sweeps/mixtral-decode-1000-replay.json")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("duplexsim-bench-sweep-\(UUID().uuidString)")
        defer {
            do { try FileManager.default.removeItem(at: directory) } catch { print("note: could not remove \(directory.path): \(error)") }
        }
        let start = BenchmarkClock.now()
        let parsed = try SweepSpec.load(file: specURL)
        let kind = try PointKindCatalog.make(parsed.kind, environment: environment, source: specURL.path)
        try measure(kind, spec: parsed, specURL: specURL, directory: directory, start: start)
    }

    func measure<Kind: PointKind>(_ kind: Kind, spec parsed: SweepSpec, specURL: URL, directory: URL, start: Double) throws {
        let plan = try SweepPlan(spec: parsed, kind: kind, source: specURL.path, jobs: jobs)
        let planned = BenchmarkClock.now()
        let report = try SweepRunner(plan: plan, directory: directory, jobs: jobs).run()
        let wall = BenchmarkClock.now() - start
        print("sweep \(parsed.name): \(plan.points.count) points, kind \(kind.name), \(jobs) jobs")
        print("expand + validate \(String(format: "%.3f", planned - start)) s, run + write \(String(format: "%.3f", report.wallSeconds)) s")
        for cache in report.caches { print("cache \(cache)") }
        BenchmarkClock.result("sweep-points", Double(plan.points.count), "points")
        BenchmarkClock.result("sweep-points-per-second", Double(plan.points.count) / wall, "points/s")
        BenchmarkClock.result("sweep-wall", wall, "s")
    }
}
