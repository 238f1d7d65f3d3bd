import ArgumentParser
import Foundation
import Hardware
import Units
import Workloads

/// Replays one Mixtral-8x7B decode-only stage (B = 64 requests at context L = 1024, 4 devices:
/// TP 4, EP 4, 32 layers, uniform routing seed 1) on the duplex system with the Duplex
/// placement, and reports wall time, operators and simulated events per wall-second.
/// Building the trace and the system model is not timed; each repetition builds fresh resources
/// and a fresh segment memo (repeats inside the stage are copied; nothing carries over).
struct ReplayStageBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay-stage",
        abstract: "Replay a Mixtral decode stage (B = 64, L = 1024, 4 devices) on duplex; wall time per stage.")

    @Option(help: "Timed repetitions (the median is reported).")
    var repetitions: Int = 20

    @Option(help: "System preset.")
    var system: String = "duplex"

    @Option(help: "Placement (gpu, duplex, ...).")
    var placement: String = "duplex"

    @Flag(name: .customLong("no-memo"), help: "Simulate every segment (no segment memoisation).")
    var noMemo = false

    func run() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be positive") }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        guard let modelsDirectory = ModelCatalog.defaultDirectory(searchingFrom: cwd) else {
            throw ValidationError("run from the repository: no \(ModelCatalog.relativePath) above \(cwd.path)")
        }
        let model = try ModelCatalog(directory: modelsDirectory).load("mixtral-8x7b")
        let plan = PaperDeployment.plan(for: model)
        let stage = Stage(index: 0, requests: (0..<64).map { StageRequest.decode(id: $0, context: 1024) })
        let operators = try OperatorGraphBuilder(model: model, plan: plan, options: .paper)
            .operators(for: stage, router: UniformRouter(seed: 1))
        let config = try SystemPresetLoader(searchingFrom: cwd).load(system)
        let deviceModel = try DeviceSystemModel.load(config: config, calibrationDirectory: CalibrationDirectory.find(searchingFrom: cwd))
        var replayer = try TraceReplayer(system: deviceModel, placement: try Placement.named(placement), plan: plan, experts: model.experts)
        replayer.memoisesSegments = !noMemo
        var walls: [Double] = []
        var last: ReplayResult?
        _ = try replayer.run(operators)  // warm-up
        for _ in 0..<repetitions {
            let start = BenchmarkClock.now()
            last = try replayer.run(operators)
            walls.append(BenchmarkClock.now() - start)
        }
        walls.sort()
        let median = walls[walls.count / 2]
        guard let result = last else { preconditionFailure("at least one repetition ran") }
        print("replay-stage mixtral-8x7b decode B=64 L=1024 on \(system)/\(placement)\(noMemo ? " (no memo)" : ""): "
              + "\(operators.count) operators, simulated \(result.makespan), energy \(result.energy.total)")
        print("events simulated \(result.events), bookings made \(result.bookings); segments reused \(result.reuse.reused) of "
              + "\(result.reuse.segments), standing for \(result.reuse.events) events and \(result.reuse.bookings) bookings")
        print("wall median \(String(format: "%.3f", median * 1e3)) ms, min \(String(format: "%.3f", walls[0] * 1e3)) ms over \(repetitions)")
        BenchmarkClock.result("replay-stage-operators-per-second", Double(operators.count) / median, "operators/s")
        BenchmarkClock.result("replay-stage-events-per-second", Double(result.events) / median, "events/s")
        BenchmarkClock.result("replay-stage-bookings-per-second", Double(result.bookings) / median, "bookings/s")
        BenchmarkClock.result("replay-stage-wall", median * 1e3, "ms")
    }
}
