import Foundation
import Testing
import Units
@testable import Hardware

/// The repository root, found from this file's path (Tests/HardwareTests/<file>).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func preset(_ name: String) throws -> SystemConfig {
    try SystemPresetLoader(systemsDirectory: repositoryRoot.appendingPathComponent("Workloads/systems")).load(name)
}

/// Decodes `json`, expecting failure; returns the problems.
func problems(_ json: String) -> [ConfigProblem] {
    do {
        _ = try SystemConfig.decode(Data(json.utf8), file: "test.json")
        Issue.record("expected a ConfigError")
        return []
    } catch {
        #expect(error.file == "test.json")
        return error.problems
    }
}

/// A preset's JSON as a mutable tree.
func presetTree(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("Workloads/systems/\(name).json"))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

func text(_ tree: [String: Any]) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: tree, options: [.sortedKeys]), as: UTF8.self)
}

@Suite struct SystemConfigTests {
    @Test(arguments: ["h100", "duplex", "bank-pim", "bankgroup-pim", "a100", "h200"])
    func presetsLoadAndValidate(name: String) throws {
        let config = try preset(name)
        #expect(config.name == name)
        #expect(config.validate().isEmpty)
        // Round trip through the encoder gives the same config.
        let again = try SystemConfig.decode(try config.encodedJSON(), file: "roundtrip")
        #expect(again == config)
    }

    @Test func duplexDerivedQuantities() throws {
        let d = try preset("duplex").device
        #expect(d.memoryProcessor.kind == .logicPIM)
        // 32 modules x 512 MACs x 2 FLOP x 650 MHz x 5 stacks = 106.5 TFLOPS.
        #expect(abs(d.memoryProcessorPeakFLOPS!.teraflopsPerSecond - 106.496) < 1e-9)
        // 4 x 3.352 TB/s = 13.408 TB/s.
        #expect(abs(d.memoryProcessorInternalBandwidth!.bytesPerSecond - 13.408e12) < 1)
        #expect(abs(d.memoryProcessorRidgePoint! - 7.94) < 0.01)
        #expect(abs(d.memoryProcessorUnitFLOPS!.teraflopsPerSecond * 32 - 21.2992) < 1e-9)   // 21.3 TFLOPS per stack
        #expect(abs(d.xpu.ridgePoint(.fp16) - 295.17) < 0.01)
        #expect(d.xpu.hbmCapacity == .gib(80))
    }

    @Test func bankPIMDerivedQuantities() throws {
        let d = try preset("bank-pim").device
        #expect(abs(d.memoryProcessorInternalBandwidth!.bytesPerSecond - 53.632e12) < 1)
        // ~53.6 TFLOPS in the reference; 1024 x 8 x 2 x 650 MHz x 5 = 53.25 TFLOPS (within 1%).
        #expect(abs(d.memoryProcessorPeakFLOPS!.teraflopsPerSecond / 53.6 - 1) < 0.01)
        #expect(abs(d.memoryProcessorRidgePoint! - 1) < 0.01)
    }

    @Test func bankGroupPIMMatchesLogicPIMRates() throws {
        let bg = try preset("bankgroup-pim").device
        let logic = try preset("duplex").device
        #expect(bg.memoryProcessorPeakFLOPS == logic.memoryProcessorPeakFLOPS)
        #expect(bg.memoryProcessorInternalBandwidth == logic.memoryProcessorInternalBandwidth)
        #expect(bg.memoryProcessor.pim!.dataPathEnergy.value.picojoulesPerBit == 2.68)
    }

    @Test func plainGPUsHaveNoMemoryProcessor() throws {
        for name in ["h100", "a100", "h200"] {
            let config = try preset(name)
            #expect(config.device.memoryProcessor.kind == MemoryProcessorKind.none)
            #expect(config.device.memoryProcessorPeakFLOPS == nil)
        }
        #expect(try preset("h200").device.xpu.peakHBMBandwidth.value == Bandwidth.gbps(4800))
        #expect(try preset("a100").device.xpu.ridgePoint(.bf16) > 150)
        #expect(try preset("h100").deviceCount == 4)
    }

    @Test func everyConstantHasASource() throws {
        for name in ["h100", "duplex", "bank-pim", "bankgroup-pim", "a100", "h200"] {
            let json = String(decoding: try preset(name).encodedJSON(), as: UTF8.self)
            // Every "value" key has a "source" beside it: equal counts, and no empty source.
            #expect(json.components(separatedBy: "\"value\"").count == json.components(separatedBy: "\"source\"").count)
            #expect(!json.contains("\"source\" : \"\""))
        }
    }
}

@Suite struct SystemConfigErrorTests {
    @Test func unknownKeyNamesFileKeyAndAllowedKeys() throws {
        var tree = try presetTree("h100")
        var device = tree["device"] as! [String: Any]
        var xpu = device["xpu"] as! [String: Any]
        xpu["hbmStack"] = ["value": 5, "source": "typo"]
        device["xpu"] = xpu
        tree["device"] = device
        let found = problems(try text(tree))
        #expect(found.count == 1)
        #expect(found.first?.path == "device.xpu.hbmStack")
        #expect(found.first?.reason.contains("unknown key") == true)
        #expect(found.first?.reason.contains("hbmStacks") == true)
    }

    @Test func missingFieldsAreAllReported() throws {
        var tree = try presetTree("duplex")
        var device = tree["device"] as! [String: Any]
        var mp = device["memoryProcessor"] as! [String: Any]
        mp["clock"] = nil
        mp["macsPerUnit"] = nil
        device["memoryProcessor"] = mp
        tree["device"] = device
        tree["links"] = nil
        let found = problems(try text(tree)).map(\.description)
        #expect(found.contains("device.memoryProcessor.clock: missing required field"))
        #expect(found.contains("device.memoryProcessor.macsPerUnit: missing required field"))
        #expect(found.contains("links: missing required field"))
        #expect(found.count == 3)
    }

    @Test func badUnitsAndNegativeBandwidthAreDecodingProblems() throws {
        var tree = try presetTree("h100")
        var device = tree["device"] as! [String: Any]
        var xpu = device["xpu"] as! [String: Any]
        xpu["peakHBMBandwidth"] = ["value": "-3TB/s", "source": "x"]
        xpu["onChipSRAM"] = ["value": 50, "source": "x"]
        device["xpu"] = xpu
        tree["device"] = device
        let found = problems(try text(tree))
        let paths = found.map(\.path)
        #expect(paths.contains("device.xpu.peakHBMBandwidth.value"))
        #expect(paths.contains("device.xpu.onChipSRAM.value"))
        #expect(found.first { $0.path == "device.xpu.peakHBMBandwidth.value" }?.reason.contains("negative") == true)
    }

    @Test func impossibleHardwareIsRejectedWithEveryProblem() throws {
        var tree = try presetTree("duplex")
        var device = tree["device"] as! [String: Any]
        var xpu = device["xpu"] as! [String: Any]
        xpu["hbmStacks"] = ["value": 0, "source": "x"]
        xpu["peakHBMBandwidth"] = ["value": "0TB/s", "source": "x"]
        var mp = device["memoryProcessor"] as! [String: Any]
        mp["unitsPerStack"] = ["value": 0, "source": "x"]
        mp["internalBandwidthMultiplier"] = ["value": 4, "source": ""]
        device["xpu"] = xpu
        device["memoryProcessor"] = mp
        tree["device"] = device
        tree["nodes"] = ["value": -1, "source": "x"]
        let found = problems(try text(tree)).map(\.path)
        #expect(found == ["nodes.value", "device.xpu.hbmStacks.value", "device.xpu.peakHBMBandwidth.value",
                          "device.memoryProcessor.unitsPerStack.value",
                          "device.memoryProcessor.internalBandwidthMultiplier.source"])
    }

    @Test func unknownProcessorKindListsAllowedValues() throws {
        var tree = try presetTree("h100")
        var device = tree["device"] as! [String: Any]
        device["memoryProcessor"] = ["kind": "hbm-pim"]
        tree["device"] = device
        let found = problems(try text(tree))
        #expect(found.count == 1)
        #expect(found[0].path == "device.memoryProcessor.kind")
        #expect(found[0].reason.contains("logic-pim, bankgroup-pim, bank-pim"))
    }

    @Test func noneKindRejectsPIMFields() throws {
        var tree = try presetTree("h100")
        var device = tree["device"] as! [String: Any]
        device["memoryProcessor"] = ["kind": "none", "clock": ["value": "650MHz", "source": "x"]]
        tree["device"] = device
        #expect(problems(try text(tree)).map(\.path) == ["device.memoryProcessor.clock"])
    }

    @Test func notJSONIsAProblemNotACrash() {
        #expect(problems("{ not json").count == 1)
        #expect(problems("[1, 2]").count == 1)
    }

    @Test func errorDescriptionNamesFileAndKeys() throws {
        do {
            _ = try SystemConfig.decode(Data("{\"name\": \"x\"}".utf8), file: "Workloads/systems/x.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("Workloads/systems/x.json: 6 problems"))
            #expect(error.description.contains("device: missing required field"))
        }
    }

    @Test func loaderFindsPresetsFromSubdirectoriesAndNamesAvailableOnes() throws {
        let loader = try SystemPresetLoader(searchingFrom: repositoryRoot.appendingPathComponent("Sources/Hardware"))
        #expect(try loader.presetNames() == ["a100", "bank-pim", "bankgroup-pim", "duplex", "h100", "h200"])
        #expect(try loader.load("duplex").name == "duplex")
        #expect(try loader.load(repositoryRoot.appendingPathComponent("Workloads/systems/h200.json").path).name == "h200")
        do {
            _ = try loader.load("h300")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("no system preset named \"h300\"; available: a100, bank-pim"))
        }
        #expect(throws: ConfigError.self) { try SystemPresetLoader(searchingFrom: URL(fileURLWithPath: "/")) }
    }
}
