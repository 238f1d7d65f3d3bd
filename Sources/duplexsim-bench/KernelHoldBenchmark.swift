import ArgumentParser
import SimKernel
import Units

/// The classic "hold" benchmark of an event queue, the same loop as ../shared/bench/hold.c:
/// N pending events; each operation pops the minimum and pushes it back at time + a
/// pseudo-random delay in [0, 1e6), key (time, insertion sequence), xorshift64 delays.
struct KernelHoldBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel-hold",
        abstract: "Event-queue hold benchmark (compare with shared/bench/hold.c).")

    @Option(help: "Pending-event counts to measure, comma-separated.")
    var pending: String = "1000,10000,1000000"

    @Option(help: "Hold operations per measurement.")
    var operations: Int = 50_000_000

    @Flag(help: "Also time the full Simulator (closure events) at each size.")
    var simulator = false

    func run() throws {
        let sizes = try pending.split(separator: ",").map { text -> Int in
            guard let n = Int(text), n > 0 else { throw ValidationError("--pending: \"\(text)\" is not a positive count") }
            return n
        }
        for n in sizes {
            let (checksum, seconds) = KernelHoldBenchmark.holdQueue(pending: n, operations: operations)
            let rate = Double(operations) / seconds
            print("kernel-hold pending=\(n) operations=\(operations) seconds=\(String(format: "%.3f", seconds)) checksum=\(checksum)")
            BenchmarkClock.result("kernel-hold-\(KernelHoldBenchmark.label(n))", rate, "events/s")
            if simulator {
                let (events, simSeconds) = KernelHoldBenchmark.holdSimulator(pending: n, operations: operations / 5)
                BenchmarkClock.result("kernel-hold-simulator-\(KernelHoldBenchmark.label(n))", Double(events) / simSeconds, "events/s")
            }
        }
    }

    static func label(_ n: Int) -> String {
        n >= 1_000_000 && n % 1_000_000 == 0 ? "\(n / 1_000_000)m" : n >= 1000 && n % 1000 == 0 ? "\(n / 1000)k" : "\(n)"
    }

    /// The hold loop on the kernel's `EventQueue`; returns hold.c's checksum and the seconds.
    static func holdQueue(pending n: Int, operations: Int) -> (UInt64, Double) {
        let queue = EventQueue(initialCapacity: n + 1)
        var x: UInt64 = 88172645463325252
        var seq: UInt64 = 0
        var sum: UInt64 = 0
        for i in 0..<n {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            queue.push(time: Int64(x % 1_000_000), order: seq, payload: UInt32(i))
            seq &+= 1
        }
        let start = BenchmarkClock.now()
        for _ in 0..<operations {
            let e = queue.popMin()
            sum &+= UInt64(e.payload)
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            queue.push(time: e.time &+ Int64(x % 1_000_000), order: seq, payload: e.payload)
            seq &+= 1
        }
        return (sum, BenchmarkClock.now() - start)
    }

    /// The same loop through `Simulator.schedule`/`step` with closure actions.
    static func holdSimulator(pending n: Int, operations: Int) -> (Int64, Double) {
        let sim = Simulator()
        var x: UInt64 = 88172645463325252
        var remaining = operations
        func hold() {
            guard remaining > 0 else { return }
            remaining -= 1
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            sim.schedule(after: .ps(Int64(x % 1_000_000)), hold)
        }
        for _ in 0..<n {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            sim.schedule(at: .ps(Int64(x % 1_000_000)), hold)
        }
        let start = BenchmarkClock.now()
        let events = sim.run()
        return (events, BenchmarkClock.now() - start)
    }
}
