import SimKernel
import Units
import Workloads

/// Lockstep devices (docs/devices.md, "Lockstep devices").
///
/// A simulated group (ReplayRun+Segments.swift) starts with every resource of its devices idle.
/// When all its operators run on the same devices D (no collective among them), every device of
/// D receives the same bookings at the same times: booking reads only the operator, its ready
/// time, the present and the device's own resources (`DeviceResources`; groups never span two
/// devices), and all of D's resources are free at the start, so they stay in the same state
/// booking after booking. The group then books the first device of D only, and at its end
/// copies what that device's resources received onto the others (`ResourceLedger`: last end,
/// busy time, bookings), leaving every resource as booking all of D would have. Operator start
/// and end (the earliest start and latest end over D) are the first device's; bookings are
/// counted for every device. Contention is still simulated on every resource of the first
/// device. The whole-stage path (no memo) never uses this, so replays without the memo check it.
extension ReplayRun {
    /// The devices to book for an operator on `range`: its first one when `range` is the
    /// lockstep set, else all.
    @inline(__always)
    func bookedDevices(_ range: Range<Int>) -> Range<Int> {
        range.count > 1 && range == lockstep ? range.lowerBound ..< range.lowerBound + 1 : range
    }

    /// The devices the group `members[span]` can run in lockstep on: the common device range of
    /// its operators when there are several operators, none is a collective, and the range
    /// spans several devices; else empty.
    func lockstepDevices(_ members: [Int32], _ span: Range<Int>) -> Range<Int> {
        guard allowsLockstep && span.count > 1 else { return 0..<0 }
        let shared = ranges[Int(members[span.lowerBound])]
        guard shared.count > 1 else { return 0..<0 }
        for n in span {
            let i = Int(members[n])
            if ranges[i] != shared || operators[i].opClass == .communication { return 0..<0 }
        }
        return shared
    }

    /// Starts lockstep on `devices` (all their resources idle), or nothing when empty.
    func beginLockstep(_ devices: Range<Int>) {
        guard !devices.isEmpty else { return }
        ledger.record(self.devices[devices.lowerBound].all)
        lockstep = devices
        lockstepGroups += 1
    }

    /// Ends lockstep: the bookings of the first lockstep device are copied onto the others.
    func endLockstep() {
        guard !lockstep.isEmpty else { return }
        let source = devices[lockstep.lowerBound].all
        for d in lockstep.dropFirst() { ledger.mirror(from: source, onto: devices[d].all) }
        lockstep = 0..<0
    }
}
