import Units
import Workloads

extension ReplayRun {
    /// Books a ring collective on the outgoing links of every device of its group: NVLink when
    /// the group is inside one node, else InfiniBand. Ring all-reduce takes 2(p-1) steps and
    /// all-to-all p-1, each one link latency plus n/p elements at the link's bandwidth per
    /// direction (the reference's formula), i.e. steps x latency + bytes sent / bandwidth.
    /// `range`: the devices of its group.
    func bookCollective(_ op: Operator, on range: Range<Int>, dtype: DataType, ready: SimTime) -> TimedOperator {
        guard case .collective(let shape) = op.shape else { preconditionFailure("communication operator \(op.id) without a collective shape") }
        let perNode = system.config.devicesPerNode.value
        let inNode = range.lowerBound / perNode == (range.upperBound - 1) / perNode
        let link = inNode ? system.config.links.nvlink : system.config.links.infiniband
        let p = Int64(shape.groupSize)
        let steps = shape.pattern == .allReduce ? 2 * (p - 1) : p - 1
        let duration = link.latency.value * steps + link.bandwidthPerDirection.value.transferTime(op.cost.networkSent)
        let links = range.map { inNode ? devices[$0].nvlink : devices[$0].infiniband }
        let booked = reserve(links, for: duration, notBefore: ready)
        var energy = system.localEnergy(bytes: op.cost.memory.total, by: .xpu, flops: op.cost.flops)
        energy.link = system.energy.link(op.cost.networkSent)
        return TimedOperator(unit: .network, start: booked.start, end: booked.end, movedBytes: op.cost.memory.total,
                             energyPerShard: energy)
    }
}
