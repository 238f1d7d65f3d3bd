import Units
import Workloads

extension ReplayRun {
    /// Books one shard of `op` on the xPU of each of its devices: the xPU and the bundles of the
    /// operator's spaces on every stack, for the calibrated time. `range`: its devices.
    func bookXPU(_ op: Operator, on range: Range<Int>, dtype: DataType, ready: SimTime) -> TimedOperator {
        let key = ShapeKey(shape: op.shape, dtype: op.dtype)
        let duration = system.kernelCosts.xpuTimes.value(for: key) { system.xpuTime(op, dtype: dtype) }
        let mask = spaceMask(of: op)
        var start = SimTime.max, end = SimTime.zero
        let booked = bookedDevices(range)
        for d in booked {
            let interval = reserve(group: groupLayout.xpuGroup(device: d, mask: mask), for: duration, notBefore: ready)
            start = min(start, interval.start)
            end = max(end, interval.end)
        }
        bookings += Int64(range.count - booked.count)  // the lockstep devices' bookings
        let bytes = op.cost.memory.total
        return TimedOperator(unit: .xpu, start: start, end: end, movedBytes: bytes,
                             energyPerShard: system.localEnergy(bytes: bytes, by: .xpu, flops: op.cost.flops))
    }
}
