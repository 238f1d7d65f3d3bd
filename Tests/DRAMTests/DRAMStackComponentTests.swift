import Testing
import DRAM
import SimKernel
import Units

@Suite struct DRAMStackComponentTests {
    @Test func batchesCompleteAtTheirSimulatedEndOneAfterAnother() throws {
        let preset = DRAMTestSupport.preset52
        let sim = Simulator()
        let stack = DRAMStack(preset: preset, config: DRAMControllerConfig(refresh: false))
        let component = try DRAMStackComponent(name: "stack0", simulator: sim, stack: stack)
        let batch = DRAMTestSupport.streamOneChannel(preset.organization, count: 64)
        let alone = stack.run(batch)
        var finished: [SimTime] = []
        sim.schedule(at: .ns(100)) {
            component.serve(batch) { _ in finished.append(sim.now) }
            component.serve(batch) { r in
                finished.append(sim.now)
                #expect(r.bytes == ByteCount(64 * 32))
            }
        }
        sim.run()
        #expect(finished == [.ns(100) + alone.duration, .ns(100) + alone.duration + alone.duration])
        guard case .counter(let bytes)? = sim.statistics.statistic(at: "stack0.bytes") else {
            Issue.record("stack0.bytes not registered")
            return
        }
        #expect(bytes.value == 2 * 64 * 32)
    }
}
