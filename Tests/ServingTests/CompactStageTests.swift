import Foundation
import Hardware
import Testing
import Units
import Workloads
@testable import Serving

/// The compact stage path (docs/serving.md, "Compact stages"): the attention block built,
/// placed and replayed once per stage gives exactly what building and executing every
/// operator of every layer gives.
@Suite struct CompactStageTests {
    static let calibration = Fixtures.repositoryRoot.appendingPathComponent("Workloads/calibration")

    /// Device models loaded once per system and device count for the whole suite (loading
    /// calibrates the memory paths; results never depend on which executor shares a model).
    private static let systemsLock = NSLock()
    nonisolated(unsafe) private static var systems: [String: DeviceSystemModel] = [:]

    static func executor(_ deployment: ServingDeployment) throws -> DeviceStageExecutor {
        let key = "\(deployment.system.name)/\(deployment.system.deviceCount)"
        systemsLock.lock()
        defer { systemsLock.unlock() }
        if let system = systems[key] { return DeviceStageExecutor(system: system, model: deployment.model) }
        let system = try DeviceSystemModel.load(config: deployment.system, calibrationDirectory: calibration)
        systems[key] = system
        return DeviceStageExecutor(system: system, model: deployment.model)
    }

    static let mixed = Stage(index: 3, requests: (1..<8).map { .decode(id: $0, context: 300 + 7 * $0) } + [.prefill(id: 0, tokens: 64)])
    static let decode = Stage(index: 4, requests: (0..<8).map { .decode(id: $0, context: 300 + 5 * $0) })

    static func deployment(_ model: String, system: String = "duplex", policy: PlacementPolicy, devices: Int? = nil) throws -> ServingDeployment {
        try ServingDeployment(model: Fixtures.model(model), system: Fixtures.system(system, devices: devices), policy: policy, source: "t")
    }

    /// Models with MoE and dense layers, several plans (TP/EP, expert TP, one device), routings.
    static let layouts: [(model: String, policy: PlacementPolicy, devices: Int?, routing: String)] = [
        ("mixtral-8x7b", .duplexPE, nil, "uniform"), ("mixtral-8x7b", .duplexPEET, 8, "zipf:1.2"),
        ("glam-143b", .duplexPE, nil, "zipf:0.8"), ("tiny-moe", .duplex, 1, "uniform"), ("tiny-dense", .duplexPE, 1, "uniform"),
    ]

    @Test func expansionRebuildsTheFullOperatorList() throws {
        for layout in Self.layouts {
            let deployment = try Self.deployment(layout.model, policy: layout.policy, devices: layout.devices)
            let builder = OperatorGraphBuilder(model: deployment.model, plan: deployment.plan)
            for stage in [Self.mixed, Self.decode] {
                for firstID in [0, 1_000] {
                    let router = try RoutingPolicy(parsing: layout.routing).router(seed: 7)
                    let full = try builder.operators(for: stage, router: router, firstID: firstID)
                    let compact = try builder.compactOperators(for: stage, router: router, firstID: firstID)
                    #expect(compact.expanded(firstID: firstID) == full, "\(layout.model) stage \(stage.index) from \(firstID)")
                    #expect(compact.expandedCount == full.count)
                    #expect(compact.operators.count < full.count)
                    #expect(compact.expand(EnergyClass.classify(compact.operators)) == EnergyClass.classify(full))
                }
            }
        }
    }

    /// Placement and unit serialisation of the compact list, expanded, equal those of the full list.
    @Test(arguments: [(PlacementPolicy.gpu, "mixtral-8x7b"), (.duplex, "mixtral-8x7b"), (.duplexPE, "mixtral-8x7b"), (.bankPIM, "mixtral-8x7b"),
                      (.duplex, "tiny-moe"), (.duplexPE, "glam-143b")])
    func placementAndSerialisationCommuteWithExpansion(policy: PlacementPolicy, model: String) throws {
        let system = policy == .bankPIM ? "bank-pim" : "duplex"
        let deployment = try Self.deployment(model, system: system, policy: policy, devices: model == "tiny-moe" ? 1 : nil)
        var executor = try Self.executor(deployment)
        let builder = OperatorGraphBuilder(model: deployment.model, plan: deployment.plan)
        for stage in [Self.mixed, Self.decode] {
            var planner = PlacementPlanner(policy: policy, memoryProcessor: deployment.memoryProcessor, experts: deployment.model.experts)
            let full = try builder.operators(for: stage, router: UniformRouter(seed: 2))
            let fullPlacement = try planner.place(stage, operators: full, plan: deployment.plan, executor: &executor)
            var compact = try builder.compactOperators(for: stage, router: UniformRouter(seed: 2))
            let placement = try planner.place(stage, operators: compact.operators, plan: deployment.plan, executor: &executor)
            #expect(compact.expand(placement.assignments) == fullPlacement.assignments)
            #expect(placement.pimExperts == fullPlacement.pimExperts)
            compact.operators = UnitSerialisation.serialise(compact.operators, placement: placement, blockEnds: compact.blocks.map(\.upperBound))
            #expect(compact.expanded() == UnitSerialisation.serialise(full, placement: fullPlacement))
        }
    }

    /// The device executor's block replay equals executing the expanded stage, memo on and off.
    @Test(arguments: [("duplex+pe", "duplex"), ("duplex", "duplex"), ("gpu", "h100"), ("bank-pim", "bank-pim")])
    func blockReplayEqualsTheFullStage(placement: String, system: String) throws {
        let policy = try #require(PlacementPolicy(rawValue: placement))
        let deployment = try Self.deployment("mixtral-8x7b", system: system, policy: policy)
        for memo in placement == "duplex+pe" ? [true, false] : [true] {
            var executor = try Self.executor(deployment)
            executor.memoisesSegments = memo
            let builder = OperatorGraphBuilder(model: deployment.model, plan: deployment.plan)
            var planner = PlacementPlanner(policy: policy, memoryProcessor: deployment.memoryProcessor, experts: deployment.model.experts)
            for stage in [Self.mixed, Self.decode, Self.decode] {
                var compact = try builder.compactOperators(for: stage, router: UniformRouter(seed: 4))
                let placement = try planner.place(stage, operators: compact.operators, plan: deployment.plan, executor: &executor)
                if !placement.coProcessing {
                    compact.operators = UnitSerialisation.serialise(compact.operators, placement: placement, blockEnds: compact.blocks.map(\.upperBound))
                }
                let work = CompactStageWork(stage: stage, compact: compact, placement: placement, plan: deployment.plan,
                                            classes: EnergyClass.classify(compact.operators))
                let timing = try executor.timing(of: work)
                let full = work.expanded()
                let reference = StageTiming(try executor.execute(full), operators: full.operators, classes: EnergyClass.classify(full.operators))
                #expect(timing == reference, "\(placement) stage \(stage.index) memo \(memo)")
            }
        }
    }

    static func trace(_ text: String, compact: Bool, memo: Bool = true) throws -> ServingTrace {
        let scenario = try Fixtures.scenario(text)
        let run = scenario.runs[0]
        var executor = try executor(run.deployment)
        executor.memoisesSegments = memo
        let scheduler = ContinuousBatchingScheduler(deployment: run.deployment, batchLimit: run.batchLimit, router: scenario.router,
                                                    compactStages: compact)
        return try scheduler.run(source: scenario.requestSource, executor: &executor, steadyStateStages: scenario.scenario.steadyStateStages)
    }

    /// Whole runs: every stage record, request record and token gap is identical with compact
    /// stages on and off (closed and open loop, spread lengths, every placement, Zipf routing,
    /// a dense model, a steady-state window).
    @Test(arguments: [
        ("mixtral-8x7b", "duplex", "duplex+pe", #""routing": "zipf:1.2""#),
        ("mixtral-8x7b", "duplex", "duplex+pe+et", #""qps": 300"#),
        ("mixtral-8x7b", "duplex", "duplex", #""qps": 300"#),
        ("mixtral-8x7b", "h100", "gpu", #""routing": "uniform""#),
        ("mixtral-8x7b", "bank-pim", "bank-pim", #""steady_state_stages": 6"#),
        ("glam-143b", "duplex", "duplex+pe", #""routing": "zipf:0.8""#),
        ("tiny-dense", "duplex", "duplex+pe", #""routing": "uniform""#),
    ])
    func wholeRunsAreIdentical(model: String, system: String, placement: String, extra: String) throws {
        let text = #"{"description": "t", "model": "\#(model)", "runs": [{"label": "r", "system": "\#(system)", "placement": "\#(placement)"\#(model == "tiny-dense" ? #", "devices": 1"# : "")}], "batch": 6, "lin": 40, "lout": 4, "requests": 10, "seed": 11, "length_spread": 0.3, \#(extra)}"#
        let compact = try Self.trace(text, compact: true), full = try Self.trace(text, compact: false)
        #expect(compact.stages == full.stages)
        #expect(compact.requests == full.requests)
        #expect(compact.tokenGaps == full.tokenGaps)
        #expect(compact.stages.contains { $0.kind == .mixed } && compact.stages.contains { $0.kind == .decode } || placement == "bank-pim")
        let unmemoised = try Self.trace(text, compact: true, memo: false)
        #expect(unmemoised.stages == full.stages)
    }
}
