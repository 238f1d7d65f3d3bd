import Testing
import DRAM
import Units

@Suite struct DRAMEnergyTests {
    let preset = DRAMTestSupport.preset52
    var o: DRAMOrganization { preset.organization }

    /// Path energy + one activation (x banks per command) amortised over a row.
    func expectedPerBit(_ path: DRAMAccessPath) -> Double {
        preset.energy.perBit(path).picojoulesPerBit + preset.energy.activate.picojoules / Double(o.rowBytes.bits)
    }

    @Test func streamingReadEnergyPerBitMatchesThePathTable() throws {
        let g = DRAMTrafficGenerator(organization: o)
        let noRefresh = DRAMControllerConfig(refresh: false)
        let cases: [(DRAMTrafficPattern, DRAMAccessPath, DRAMTrafficGenerator)] = [
            (.stream, .xpu, g), (.pimBundle, .logicPIM, g),
            (.pimBundle, .bankGroupPIM, DRAMTrafficGenerator(organization: o, bundlePath: .bankGroupPIM)), (.pimAllBank, .bankPIM, g),
        ]
        for (pattern, path, generator) in cases {
            let r = DRAMStack(preset: preset, config: noRefresh).run(try generator.requests(pattern, bytes: .mib(2)))
            let measured = r.energyPerBit.picojoulesPerBit
            // xPU: 3.48 + 909 pJ / 8192 b = 3.591 pJ/b.
            #expect(abs(measured / expectedPerBit(path) - 1) < 0.05, "\(path): \(measured) vs \(expectedPerBit(path)) pJ/b")
            #expect(measured >= preset.energy.perBit(path).picojoulesPerBit)
        }
    }

    @Test func energyIsTheSumOfItsParts() {
        let r = DRAMStack(preset: preset).run(DRAMTestSupport.randomOneChannel(o, count: 30_000, seed: 5))
        #expect(r.commandCount(.ref) > 0)
        #expect(r.refreshEnergy == preset.energy.refresh * Double(r.commandCount(.ref)))
        #expect(r.activationEnergy == preset.energy.activate * Double(r.commandCount(.act)))
        let data = preset.energy.perBit(.xpu).energy(for: r.bytes)
        #expect(abs(r.totalEnergy.picojoules - (r.activationEnergy + data + r.refreshEnergy).picojoules) < 1e-6 * r.totalEnergy.picojoules)
        // Random reads pay a full activation per 32 B: 909 pJ / 256 b = 3.55 pJ/b on top of the path.
        #expect(r.energyPerBit.picojoulesPerBit > 3.48 + 3.5)
    }
}
