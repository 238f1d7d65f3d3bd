import ArgumentParser
import Foundation
import Serving
import Workloads

/// The serving benchmark of issue 7: Mixtral-8x7B on 4 Duplex devices (duplex+pe), closed loop,
/// batch 64, (Lin, Lout) = (1024, 1024), 2,000 requests, every stage through the device models.
/// Reports wall time, stages per wall-second and peak memory; final line `RESULT serving-wall`.
struct ServingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serving",
        abstract: "Serving-simulation wall time (Mixtral-8x7B, 4 Duplex devices, closed loop B = 64, (1024, 1024)).")

    @Option(help: "Requests to serve (the benchmark's definition is 2000).")
    var requests: Int = 2000

    @Option(help: "Output length Lout (the benchmark's definition is 1024).")
    var lout: Int = 1024

    @Flag(name: .customLong("no-memo"), help: "Simulate every segment (no segment memoisation).")
    var noMemo = false

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        guard let models = ModelCatalog.defaultDirectory(searchingFrom: cwd) ?? ModelCatalog.defaultDirectory(searchingFrom: executable) else {
            throw ValidationError("cannot find Workloads/models; run from the repository")
        }
        let workloads = models.deletingLastPathComponent()
        let catalogs = ResolvedScenario.Catalogs(models: ModelCatalog(directory: models),
                                                 systems: .init(systemsDirectory: workloads.appendingPathComponent("systems")))
        let spec = Scenario(description: "serving benchmark", model: "mixtral-8x7b",
                            runs: [ScenarioRun(label: "duplex+pe", system: "duplex", placement: "duplex+pe")],
                            batch: 64, lin: 1024, lout: lout, requests: requests, seed: 1)
        let scenario = try ResolvedScenario(spec, source: "serving-benchmark", directory: workloads, catalogs: catalogs)
        let run = scenario.runs[0]
        var executor = try DeviceStageExecutor.load(run.deployment, calibrationDirectory: workloads.appendingPathComponent("calibration"))
        executor.memoisesSegments = !noMemo
        let start = BenchmarkClock.now()
        let result = try ServingSimulation.run(run, of: scenario, executor: &executor)
        let wall = BenchmarkClock.now() - start
        let stages = result.trace.stages.count
        print("serving: mixtral-8x7b duplex+pe 4 devices B=64 (1024, \(lout)) requests=\(requests) stages=\(stages)\(noMemo ? " (no memo)" : "")")
        print("events simulated \(executor.events); segments reused \(executor.reuse.reused) of \(executor.reuse.segments), "
              + "standing for \(executor.reuse.events) events; \(executor.segmentStatistics)")
        print(String(format: "simulated %.3f s, %.1f tokens/s; wall %.3f s, %.1f stages/s, %.0f simulated events/s, peak RSS %.1f MiB",
                     result.metrics.makespan.seconds, result.metrics.tokensPerSecond, wall, Double(stages) / wall,
                     Double(executor.events) / wall, Double(BenchmarkClock.peakResidentBytes()) / 1_048_576))
        BenchmarkClock.result("serving-stages-per-s", Double(stages) / wall, "stages/s")
        BenchmarkClock.result("serving-wall", wall, "s")
    }
}
