import Foundation
import Testing
@testable import DRAM
import Units

@Suite struct DRAMPresetTests {
    static let workloads = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Workloads/dram")

    @Test func builtinPresetsLoadAndEqualTheirDataFiles() throws {
        #expect(DRAMPreset.builtinNames == ["hbm3-5.2", "hbm3-6.4", "hbm3e-9.6"])
        for entry in DRAMBuiltinPresets.all {
            let file = try String(contentsOf: Self.workloads.appendingPathComponent("\(entry.name).json"), encoding: .utf8)
            #expect(entry.json + "\n" == file, "\(entry.name): run scripts/embed-dram-presets.sh")
            let preset = try DRAMPreset.builtin(named: entry.name)
            #expect(preset.name == entry.name)
            #expect(preset.sources.count == DRAMPresetParser.keys.count)
        }
    }

    @Test func hbm352MatchesTheReferenceExactly() throws {
        let p = DRAMTestSupport.preset52
        let t = p.timing
        let reference: [(Int64, Int64)] = [(t.nBL, 2), (t.nCL, 19), (t.nRCDRD, 19), (t.nRCDWR, 19), (t.nRP, 19), (t.nRAS, 45),
            (t.nRC, 63), (t.nWR, 21), (t.nRTPS, 6), (t.nRTPL, 8), (t.nCWL, 6), (t.nCCDS, 2), (t.nCCDL, 4), (t.nRRDS, 2),
            (t.nRRDL, 4), (t.nWTRS, 8), (t.nWTRL, 11), (t.nRTW, 3), (t.nFAW, 39), (t.nRFC, 585), (t.nRFCSB, 260),
            (t.nREFI, 5070), (t.nRREFD, 11)]
        for (i, pair) in reference.enumerated() { #expect(pair.0 == pair.1, "parameter \(i)") }
        let o = p.organization
        #expect(o.pseudoChannels == 32 && o.ranks == 2 && o.bankGroups == 4 && o.banksPerBankGroup == 4)
        #expect(o.rowBytes == .kib(1) && o.accessBytes == ByteCount(32) && o.banksPerBundle == 8)
        #expect(o.stackPeakBandwidth.bytesPerSecond == 665.6e9)
        #expect(o.capacity == .gib(16))
        #expect(o.clock.time(ofCycle: 1) == .ps(770))  // 769.23 ps, first whole ps at or after
        #expect(o.clock.time(ofCycle: 5070) == .ns(3900))
        #expect(p.energy.activate == .nJ(0.909))
        #expect(p.energy.perBit(.xpu).picojoulesPerBit == 3.48 && p.energy.perBit(.logicPIM).picojoulesPerBit == 1.81)
        #expect(p.energy.perBit(.bankGroupPIM).picojoulesPerBit == 2.68 && p.energy.perBit(.bankPIM).picojoulesPerBit == 0.73)
    }

    /// The 5.2 Gb/s preset text with one edit applied to its "values".
    func edited(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let text = DRAMBuiltinPresets.all[0].json
        var root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        var values = root["values"] as! [String: Any]
        edit(&values)
        root["values"] = values
        return String(data: try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]), encoding: .utf8)!
    }

    func problems(_ json: String, file: String = "test.json") -> [DRAMPresetProblem] {
        do {
            _ = try DRAMPreset(json: json, file: file)
            return []
        } catch {
            #expect(error.file == file)
            #expect(error.description.contains(file))
            return error.problems
        }
    }

    @Test func unknownMissingNegativeAndInconsistentValuesAreAllReported() throws {
        let json = try edited { v in
            v["nRCD"] = ["value": 19, "source": "typo"]           // unknown key
            v.removeValue(forKey: "nWR")                           // missing
            v["nRP"] = ["value": -1, "source": "x"]                // negative
            v["tRFC"] = ["value": "450", "source": "x"]            // no unit
            v["activateEnergy"] = ["value": "0.909nJ"]             // no source
        }
        let found = problems(json)
        let keys = Set(found.map(\.key))
        #expect(keys.contains("values.nRCD"))
        #expect(keys.contains("values.nWR"))
        #expect(keys.contains("values.nRP.value"))
        #expect(keys.contains("values.tRFC.value"))
        #expect(keys.contains("values.activateEnergy.source"))
        #expect(found.count == 5, "\(found)")
        #expect(found.first { $0.key == "values.nRCD" }!.reason.contains("unknown key"))
        #expect(found.first { $0.key == "values.nRP.value" }!.reason.contains("negative"))
    }

    @Test func inconsistentTimingsAreRejectedWithTheKeyAndReason() throws {
        let json = try edited { v in
            v["nRC"] = ["value": 50, "source": "x"]     // < nRAS + nRP - 1
            v["nCCDL"] = ["value": 1, "source": "x"]    // < nCCDS
            v["accessBytes"] = ["value": "64B", "source": "x"]
        }
        let found = problems(json)
        #expect(Set(found.map(\.key)) == ["values.nRC", "values.nCCDL", "values.accessBytes"], "\(found)")
        #expect(found.first { $0.key == "values.nRC" }!.reason.contains("nRAS"))
    }

    @Test func oneCycleOfRoundingInTRCIsAcceptedButTwoAreNot() throws {
        // The reference itself has nRC 63 = nRAS 45 + nRP 19 - 1.
        #expect(problems(try edited { $0["nRC"] = ["value": 63, "source": "x"] }).isEmpty)
        #expect(problems(try edited { $0["nRC"] = ["value": 62, "source": "x"] }).map(\.key) == ["values.nRC"])
    }

    @Test func topLevelProblemsAreNamed() {
        let found = problems(#"{"format": "other", "version": 2, "name": "x", "extra": 1, "values": {}}"#)
        let keys = Set(found.map(\.key))
        #expect(keys.isSuperset(of: ["format", "version", "description", "extra", "values.nBL"]))
        #expect(problems("not json").map(\.key) == ["(file)"])
    }

    @Test func aUserPresetFileLoadsWithoutCodeChanges() throws {
        let json = try edited { v in v["nCL"] = ["value": 20, "source": "my datasheet"] }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("duplexsim-test-\(getpid()).json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let p = try DRAMPreset.load(path: url.path)
        #expect(p.timing.nCL == 20)
        #expect(p.sources["nCL"] == "my datasheet")
        #expect(throws: DRAMPresetError.self) { try DRAMPreset.load(path: "/nonexistent/preset.json") }
        #expect(throws: DRAMPresetError.self) { try DRAMPreset.builtin(named: "hbm9") }
    }
}
