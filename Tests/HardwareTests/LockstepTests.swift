import SimKernel
import Testing
import Workloads
@testable import Hardware

/// Lockstep devices (ReplayRun+Lockstep.swift) change nothing: a segmented replay that books
/// the first device of a lockstep group and copies its bookings onto the others gives the same
/// records and leaves every resource of every device with the same busy time, bookings and
/// last end as the same replay booking every device.
@Suite("Lockstep devices")
struct LockstepTests {
    /// Replays `operators` segment by segment (fresh memo) on a fresh workspace.
    static func replay(_ replayer: TraceReplayer, _ operators: [Operator], lockstep: Bool) throws -> (ReplayResult, ReplayRun) {
        let run = ReplayRun(system: replayer.system)
        run.allowsLockstep = lockstep
        run.prepare(replayer: replayer, operators: operators, targets: [])
        try run.validate(source: "lockstep test")
        return (run.execute(memo: SegmentMemo()), run)
    }

    /// Every counter of the workspace's resources, by path.
    static func counters(_ run: ReplayRun) -> [String: Int64] {
        var values: [String: Int64] = [:]
        for case .counter(let c) in run.simulator.statistics.all { values[c.info.path] = c.value }
        return values
    }

    @Test(arguments: ["duplex", "bank-pim", "h100"])
    func lockstepChangesNoRecordAndNoResource(system name: String) throws {
        let system = try DeviceFixtures.system(name)
        let stage = try SegmentMemoTests.mixtralStage(requests: (0..<48).map { StageRequest.decode(id: $0, context: 700 + 13 * $0) }
                                                      + [StageRequest.prefill(id: 48, tokens: 96)])
        let placement: Placement = system.memoryProcessorUnit == nil ? .gpu : .duplex
        let replayer = try TraceReplayer(system: system, placement: placement, plan: stage.plan, experts: stage.experts)
        let (fast, fastRun) = try Self.replay(replayer, stage.operators, lockstep: true)
        let (reference, referenceRun) = try Self.replay(replayer, stage.operators, lockstep: false)
        #expect(fast.records == reference.records)
        #expect(fast.stageEnds.map(\.end) == reference.stageEnds.map(\.end))
        #expect(fast.events == reference.events && fast.bookings == reference.bookings)
        let a = Self.counters(fastRun), b = Self.counters(referenceRun)
        #expect(!a.isEmpty && a == b, "resource statistics differ")
        for (d, device) in fastRun.devices.enumerated() {
            #expect(zip(device.all, referenceRun.devices[d].all).allSatisfy { $0.freeAt == $1.freeAt }, "device \(d): last ends differ")
        }
        // The check means something only if lockstep groups ran.
        #expect(fastRun.lockstepGroups > 0 && referenceRun.lockstepGroups == 0)
    }
}
