import Workloads

/// Runs the runs of a resolved scenario, each with its own stage executor.
public enum ServingSimulation {
    /// Serves the scenario's requests on `run` with `executor`; `progress` gets (finished, total).
    public static func run<E: StageExecutor>(_ run: ResolvedRun, of scenario: ResolvedScenario, executor: inout E,
                                             accounting: AccountingOptions = .paper, recordOperators: Bool = false,
                                             progress: ((Int, Int) -> Void)? = nil) throws -> ServingResult {
        let scheduler = ContinuousBatchingScheduler(deployment: run.deployment, batchLimit: run.batchLimit,
                                                    router: scenario.router, accounting: accounting,
                                                    recordOperators: recordOperators)
        let trace = try scheduler.run(source: scenario.requestSource, executor: &executor,
                                      steadyStateStages: scenario.scenario.steadyStateStages, progress: progress)
        return ServingResult(label: run.label, deployment: run.deployment, trace: trace)
    }
}
