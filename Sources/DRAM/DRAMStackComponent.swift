import SimKernel
import Units

/// A `DRAMStack` driven from the `Simulator`: batches of requests are served one after another
/// (a FIFO server), each batch with the command-level model, and the completion callback runs at
/// the simulated time the batch's last data burst ends.
///
/// Requests of one batch contend with each other at command level (banks, buses, queues; mix xPU
/// and PIM requests in one batch to model xPU/PIM contention on a stack). Separate batches do not
/// overlap: a batch starts when the previous one has finished, which is conservative when two
/// sources would in reality interleave. Statistics: `<name>.batches`, `<name>.bytes`,
/// `<name>.busy_ps`, `<name>.energy_pJ`.
public final class DRAMStackComponent: Component {
    public let name: String
    public let simulator: Simulator
    public let stack: DRAMStack
    let batches: Counter, bytes: Counter, busy: Counter, energy: Accumulator
    /// When the stack is free again.
    var freeAt: SimTime = .zero

    public init(name: String, simulator: Simulator, stack: DRAMStack) throws {
        self.name = name
        self.simulator = simulator
        self.stack = stack
        let stats = simulator.statistics
        batches = try stats.counter("\(name).batches", unit: "count", description: "request batches served by the DRAM stack")
        bytes = try stats.counter("\(name).bytes", unit: "B", description: "bytes moved by the DRAM stack, all paths")
        busy = try stats.counter("\(name).busy_ps", unit: "ps", description: "time the DRAM stack spent serving batches")
        energy = try stats.accumulator("\(name).energy_pJ", unit: "pJ", description: "DRAM energy per batch (activation, data, refresh)")
    }

    /// Serves `requests` (arrival cycles relative to the batch start) starting at the later of now
    /// and the end of the previous batch; calls `completion` with the result at the batch's end.
    /// Returns the end time.
    @discardableResult
    public func serve(_ requests: [DRAMRequest], completion: @escaping (DRAMRunResult) -> Void) -> SimTime {
        let start = max(simulator.now, freeAt)
        let result = stack.run(requests)
        let end = start + result.duration
        freeAt = end
        batches.increment()
        bytes.add(result.bytes.bytes)
        busy.add(result.duration.picoseconds)
        energy.record(result.totalEnergy.picojoules)
        simulator.schedule(at: end, priority: .delivery) { completion(result) }
        return end
    }
}
