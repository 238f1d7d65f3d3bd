import ArgumentParser
import Foundation
import Hardware
import Units
import Workloads

/// `duplexsim kernel`: times one operator in isolation on one device's xPU or memory-side processor.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Time one operator on one device (a microbenchmark of the device models).",
        discussion: "SPEC: \(KernelSpec.forms)")

    @OptionGroup var systemOptions: SystemOptions

    @Option(help: "xpu or pim (the system's memory-side processor).")
    var unit: String

    @Option(help: "Operator specification (see below).")
    var op: String

    @Option(help: "fp16 or bf16.")
    var dtype: String = "fp16"

    @Option(help: "Write one CSV row (with header) to this file, atomically.")
    var csv: String?

    static let columns = ["system", "unit", "op", "dtype", "time_us", "bytes", "flops", "bandwidth_GBps", "tflops",
                          "energy_dram_uJ", "energy_compute_uJ", "energy_sram_uJ", "energy_uJ"]

    func run() throws {
        guard unit == "xpu" || unit == "pim" else { throw ValidationError("--unit must be xpu or pim, got \"\(unit)\"") }
        guard let type = DType(rawValue: dtype), type == .fp16 || type == .bf16 else {
            throw ValidationError("--dtype must be fp16 or bf16, got \"\(dtype)\"")
        }
        let system = try systemOptions.load()
        let target: PlacementTarget = unit == "xpu" ? .xpu : .memoryProcessor
        if target == .memoryProcessor && system.memoryProcessorUnit == nil {
            throw ValidationError("--unit pim: system \(system.config.name) has no memory-side processor")
        }
        let time: SimTime, bytes: ByteCount, flops: FLOPCount, energy: EnergyBreakdown, unitName: String
        switch try KernelSpec.parse(op, dtype: type) {
        case .stream(let n):
            let u = system.memoryProcessorUnit.flatMap { target == .memoryProcessor ? $0 : nil } ?? .xpu
            let r = system.stream(bytes: ByteCount(bytes: n), unit: u)
            (time, bytes, flops, energy, unitName) = (r.time, ByteCount(bytes: n), .zero, r.energy, u.rawValue)
        case .operators(let ops, let experts):
            // The MoE gate stays on the xPU, as in Duplex; everything else goes to the chosen unit.
            let placement = target == .xpu ? Placement.gpu
                : Placement(name: "pim", rules: [PlacementRule(opClass: .gate, target: .xpu)], fallback: .memoryProcessor)
            let result = try TraceReplayer(system: system, placement: placement, plan: .single, experts: experts).run(ops, source: "--op")
            time = result.makespan
            bytes = result.records.reduce(.zero) { $0 + $1.movedBytes }
            flops = result.records.reduce(.zero) { $0 + $1.flops }
            energy = result.energy
            unitName = Set(result.records.map(\.unit.rawValue)).sorted().joined(separator: "+")
        }
        let bandwidth = time > .zero ? Bandwidth.achieved(bytes, in: time).gigabytesPerSecond : 0
        let tflops = time > .zero ? FLOPRate.achieved(flops, in: time).teraflopsPerSecond : 0
        print("\(op) on \(system.config.name) \(unitName) (\(dtype)): time \(time), \(bytes.bytes) B, \(flops.flops) FLOP")
        print(String(format: "achieved %.1f GB/s, %.3f TFLOPS; energy %.3f uJ (DRAM %.3f, compute %.3f, SRAM %.3f)",
                     bandwidth, tflops, energy.total.microjoules, energy.dram.microjoules, energy.compute.microjoules,
                     energy.sram.microjoules))
        if let csv {
            let row = [system.config.name, unitName, op, dtype, String(format: "%.6f", time.microseconds), String(bytes.bytes),
                       String(flops.flops), String(format: "%.3f", bandwidth), String(format: "%.6f", tflops),
                       String(format: "%.6f", energy.dram.microjoules), String(format: "%.6f", energy.compute.microjoules),
                       String(format: "%.6f", energy.sram.microjoules), String(format: "%.6f", energy.total.microjoules)]
            try AtomicFile.write(CSVTable(file: csv, header: KernelCommand.columns, rows: [row]).rendered(), to: URL(fileURLWithPath: csv))
        }
    }
}
