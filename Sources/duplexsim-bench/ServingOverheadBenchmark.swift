import ArgumentParser
import Foundation
import Hardware
import Serving
import Units
import Workloads

/// The serving benchmark's per-stage work outside the device replay: the same scenario as
/// `serving` (Mixtral-8x7B, 4 Duplex devices, duplex+pe, closed loop B = 64, (1024, Lout)), with
/// the stage executor replaced by `FixedStageExecutor` (no device models), so the wall time is
/// admission, operator building, routing, placement (expert co-processing), stage summaries and
/// token bookkeeping. Final lines `RESULT serving-overhead-cpu-per-stage` (process CPU time per
/// stage, microseconds: steadier than wall time on a shared machine) and `RESULT serving-overhead-wall`.
struct ServingOverheadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serving-overhead",
        abstract: "Serving scheduler work per stage without the device replay (fixed-time executor).")

    @Option(help: "Requests to serve (the serving benchmark's definition is 2000).")
    var requests: Int = 2000

    @Option(help: "Output length Lout (the serving benchmark's definition is 1024).")
    var lout: Int = 1024

    @Option(help: "Placement policy.")
    var placement: String = "duplex+pe"

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        guard let models = ModelCatalog.defaultDirectory(searchingFrom: cwd) else {
            throw ValidationError("cannot find Workloads/models; run from the repository")
        }
        let workloads = models.deletingLastPathComponent()
        let catalogs = ResolvedScenario.Catalogs(models: ModelCatalog(directory: models),
                                                 systems: .init(systemsDirectory: workloads.appendingPathComponent("systems")))
        let spec = Scenario(description: "serving overhead benchmark", model: "mixtral-8x7b",
                            runs: [ScenarioRun(label: placement, system: "duplex", placement: placement)],
                            batch: 64, lin: 1024, lout: lout, requests: requests, seed: 1)
        let scenario = try ResolvedScenario(spec, source: "serving-overhead-benchmark", directory: workloads, catalogs: catalogs)
        var executor = FixedStageExecutor()
        let start = BenchmarkClock.now(), startCPU = BenchmarkClock.processCPU()
        let result = try ServingSimulation.run(scenario.runs[0], of: scenario, executor: &executor)
        let wall = BenchmarkClock.now() - start, cpu = BenchmarkClock.processCPU() - startCPU
        let stages = result.trace.stages.count
        print("serving-overhead: mixtral-8x7b \(placement) B=64 (1024, \(lout)) requests=\(requests) stages=\(stages) operators=\(executor.operators) (compact stages: their distinct operators)")
        print(String(format: "wall %.3f s, %.1f us/stage; CPU %.3f s, %.1f us/stage, %.1f ns/operator (fixed-time executor included)",
                     wall, wall / Double(stages) * 1e6, cpu, cpu / Double(stages) * 1e6, cpu / Double(executor.operators) * 1e9))
        BenchmarkClock.result("serving-overhead-cpu-per-stage", cpu / Double(stages) * 1e6, "us")
        BenchmarkClock.result("serving-overhead-wall", wall, "s")
    }
}

/// A stage takes 10 ms, spread evenly over its operators in order; no energy (a compact stage: 10 ms
/// and nothing else). Isolated expert
/// times are linear in the token count. A stand-in that costs almost nothing, not a model.
struct FixedStageExecutor: StageExecutor {
    var operators = 0

    mutating func execute(_ work: StageWork) throws -> StageExecution {
        let duration = SimTime.ms(10)
        let count = work.operators.count
        operators += count
        let slice = duration.picoseconds / Int64(count)
        var runs: [OperatorExecution] = []
        runs.reserveCapacity(count)
        for index in 0..<count {
            let start = SimTime(picoseconds: slice * Int64(index))
            runs.append(OperatorExecution(operatorID: work.operators[index].id, unit: work.placement.assignments[index].unit,
                                          start: start, end: start + SimTime(picoseconds: slice), energy: .zero))
        }
        return StageExecution(duration: duration, operators: runs)
    }

    /// A compact stage (runs without ops.csv, as this benchmark's) takes 10 ms with no per-class,
    /// per-unit or energy figures: the benchmark times the serving side's compact path, not the
    /// expansion the default `timing(of:)` would do. Counts the compact stage's operators.
    mutating func timing(of work: CompactStageWork) throws -> StageTiming {
        operators += work.compact.operators.count
        return StageTiming(duration: .ms(10), timeByClass: PerCase(repeating: .zero), busyByUnit: PerCase(repeating: .zero),
                           energy: PerCase(repeating: .zero))
    }

    mutating func isolatedTime(of op: Operator, on unit: ExecutionUnit, plan: ParallelismPlan) throws -> SimTime {
        guard case .ffn(let shape) = op.shape else { preconditionFailure("only experts are timed in isolation") }
        let tokens = Int64(shape.tokens)
        return unit.isMemoryProcessor ? .us(10) * tokens : .us(100) + .us(1) * tokens
    }
}
