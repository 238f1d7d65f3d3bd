import ArgumentParser
import Foundation
import Hardware

/// Options naming a system and the calibration its xPU model uses (`replay`, `kernel`).
struct SystemOptions: ParsableArguments {
    @Option(help: "System preset (h100, duplex, bank-pim, bankgroup-pim, a100, h200) or a system .json file.")
    var system: String

    @Option(name: .customLong("calibration-dir"), help: "Folder with gpus.csv and xpu-efficiency.csv (default: Workloads/calibration above the current directory).")
    var calibrationDir: String?

    @Option(name: .customLong("calibrated-as"), help: "Use the efficiencies of this calibrated GPU for the system's xPU (e.g. H100-SXM for h200).")
    var calibratedAs: String?

    @Option(help: "Memory-side path rates: dram (measured on the DRAM model of the system's HBM preset) or peak.")
    var memory: String = "dram"

    func load() throws -> DeviceSystemModel {
        guard let rates = DeviceSystemModel.MemoryRates(rawValue: memory) else {
            throw ValidationError("--memory must be dram or peak, got \"\(memory)\"")
        }
        let config: SystemConfig
        if system.hasSuffix(".json") || system.contains("/") {
            config = try SystemConfig.load(file: URL(fileURLWithPath: system))
        } else {
            config = try SystemPresetLoader().load(system)
        }
        let directory = try calibrationDir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? CalibrationDirectory.find()
        return try DeviceSystemModel.load(config: config, calibrationDirectory: directory, calibratedAs: calibratedAs, memoryRates: rates)
    }
}
