import ArgumentParser
import Foundation
import Sweep

/// A 1,000-point operator-level design-space sweep of a Mixtral-8x7B decode stage: placement
/// (4) x batch (5) x Logic-PIM TSV multiplier (5) x PIM clock (10), the spec
/// `Workloads/sweeps/mixtral-decode-1000.json`, on the `opb` point kind (the IR's operators timed
/// by the operator-level roofline with the shared kernel-cost cache). Measures the whole
/// `duplexsim sweep` path: expansion and validation, parallel execution, the CSV.
struct SweepBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "1,000-point Mixtral decode sweep (placement x batch x TSV multiplier x clock), wall time.")

    @Option(help: "Points run in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "The spec (default: Workloads/sweeps/mixtral-decode-1000.json of this checkout).")
    var spec: String?

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let environment = try SweepEnvironment.find(searchingFrom: [cwd, executable])
        let specURL = spec.map { URL(fileURLWithPath: $0) }
            ?? environment.modelsDirectory.deletingLastPathComponent().appendingPathComponent("sweeps/mixtral-decode-1000.json")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("duplexsim-bench-sweep-\(UUID().uuidString)")
        defer {
            do { try FileManager.default.removeItem(at: directory) } catch { print("note: could not remove \(directory.path): \(error)") }
        }
        let start = BenchmarkClock.now()
        let parsed = try SweepSpec.load(file: specURL)
        let kind = OpBPointKind(environment: environment)
        let plan = try SweepPlan(spec: parsed, kind: kind, source: specURL.path, jobs: jobs)
        let planned = BenchmarkClock.now()
        let report = try SweepRunner(plan: plan, directory: directory, jobs: jobs).run()
        let wall = BenchmarkClock.now() - start
        print("sweep \(parsed.name): \(plan.points.count) points (opb kind: operator-level roofline), \(jobs) jobs")
        print("expand + validate \(String(format: "%.3f", planned - start)) s, run + write \(String(format: "%.3f", report.wallSeconds)) s")
        for cache in report.caches { print("cache \(cache)") }
        BenchmarkClock.result("sweep-points", Double(plan.points.count), "points")
        BenchmarkClock.result("sweep-points-per-second", Double(plan.points.count) / wall, "points/s")
        BenchmarkClock.result("sweep-wall", wall, "s")
    }
}
