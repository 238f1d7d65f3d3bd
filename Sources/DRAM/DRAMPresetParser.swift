import Foundation
import Units

/// A JSON value as written, so the parser can tell integers from decimals and name wrong types.
enum JSONValue: Decodable, Sendable {
    case string(String), integer(Int64), number(Double), bool(Bool), object([String: JSONValue]), array([JSONValue]), null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let o = try? c.decode([String: JSONValue].self) { self = .object(o) }
        else { self = .array(try c.decode([JSONValue].self)) }
    }

    var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a decimal number"
        case .bool: "a boolean"
        case .object: "an object"
        case .array: "an array"
        case .null: "null"
        }
    }
}

/// Reads and validates preset JSON, collecting every problem before failing.
struct DRAMPresetParser {
    let file: String

    /// What a value must look like.
    enum Kind {
        /// A positive integer count.
        case count
        /// A non-negative number of command-clock cycles, or a time ("450ns") rounded up to cycles.
        case cycles
        case bytes, frequency, bandwidth, energy, energyPerBit

        var expected: String {
            switch self {
            case .count: "a positive integer"
            case .cycles: "a non-negative integer number of tCK cycles or a time such as \"450ns\""
            case .bytes: "a size such as \"32B\""
            case .frequency: "a frequency such as \"1.3GHz\""
            case .bandwidth: "a per-pin data rate such as \"5.2Gb/s\""
            case .energy: "an energy such as \"0.909nJ\""
            case .energyPerBit: "an energy per bit such as \"3.48pJ/b\""
            }
        }
    }

    /// Every accepted key of the `values` object, in file order.
    static let keys: [(name: String, kind: Kind)] = [
        ("channels", .count), ("pseudoChannelsPerChannel", .count), ("ranks", .count), ("bankGroups", .count),
        ("banksPerBankGroup", .count), ("rows", .count), ("columns", .count), ("accessBytes", .bytes),
        ("dqBitsPerPseudoChannel", .count), ("bundlesPerRank", .count), ("dataRatePerPin", .bandwidth),
        ("commandClock", .frequency),
        ("nBL", .cycles), ("nCL", .cycles), ("nRCDRD", .cycles), ("nRCDWR", .cycles), ("nRP", .cycles),
        ("nRAS", .cycles), ("nRC", .cycles), ("nWR", .cycles), ("nRTPS", .cycles), ("nRTPL", .cycles),
        ("nCWL", .cycles), ("nCCDS", .cycles), ("nCCDL", .cycles), ("nRRDS", .cycles), ("nRRDL", .cycles),
        ("nWTRS", .cycles), ("nWTRL", .cycles), ("nRTW", .cycles), ("nFAW", .cycles), ("tRFC", .cycles),
        ("nRFCSB", .cycles), ("nREFI", .cycles), ("nRREFD", .cycles), ("nCCDAB", .cycles),
        ("nRDtoWRGap", .cycles), ("nRowCommandBus", .cycles), ("nColumnCommandBus", .cycles),
        ("activateEnergy", .energy), ("xpuPathEnergy", .energyPerBit), ("logicPIMPathEnergy", .energyPerBit),
        ("bankGroupPIMPathEnergy", .energyPerBit), ("bankPIMPathEnergy", .energyPerBit), ("refreshEnergy", .energy),
    ]
    static let topLevelKeys = ["format", "version", "name", "description", "values"]

    func parse(_ json: String) throws(DRAMPresetError) -> DRAMPreset {
        var problems: [DRAMPresetProblem] = []
        func problem(_ key: String, _ reason: String) { problems.append(DRAMPresetProblem(key: key, reason: reason)) }

        let root: JSONValue
        do {
            root = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        } catch {
            throw DRAMPresetError(file: file, problems: [DRAMPresetProblem(key: "(file)", reason: "is not valid JSON: \(error)")])
        }
        guard case .object(let top) = root else {
            throw DRAMPresetError(file: file, problems: [DRAMPresetProblem(key: "(file)", reason: "must hold a JSON object, found \(root.typeName)")])
        }
        for key in top.keys.sorted() where !Self.topLevelKeys.contains(key) {
            problem(key, "unknown key; allowed: \(Self.topLevelKeys.joined(separator: ", "))")
        }
        func string(_ key: String) -> String {
            guard let value = top[key] else { problem(key, "missing"); return "" }
            guard case .string(let s) = value, !s.isEmpty else { problem(key, "must be a non-empty string, found \(value.typeName)"); return "" }
            return s
        }
        let format = string("format")
        if !format.isEmpty, format != DRAMPreset.formatName { problem("format", "must be \"\(DRAMPreset.formatName)\", found \"\(format)\"") }
        switch top["version"] {
        case nil: problem("version", "missing")
        case .integer(let v)? where v == Int64(DRAMPreset.supportedVersion): break
        case let other?: problem("version", "this build reads version \(DRAMPreset.supportedVersion) only, found \(other)")
        }
        let name = string("name")
        let description = string("description")

        var values: [String: JSONValue] = [:]
        switch top["values"] {
        case nil: problem("values", "missing")
        case .object(let o)?: values = o
        case let other?: problem("values", "must be an object, found \(other.typeName)")
        }
        let known = Set(Self.keys.map(\.name))
        for key in values.keys.sorted() where !known.contains(key) {
            problem("values.\(key)", "unknown key; allowed: \(Self.keys.map(\.name).joined(separator: ", "))")
        }

        // Raw entries: each {"value": ..., "source": "..."}.
        var raw: [String: JSONValue] = [:]
        var sources: [String: String] = [:]
        for (key, _) in Self.keys {
            let path = "values.\(key)"
            guard let entry = values[key] else { problem(path, "missing"); continue }
            guard case .object(let fields) = entry else {
                problem(path, "must be an object {\"value\": ..., \"source\": \"...\"}, found \(entry.typeName)"); continue
            }
            for extra in fields.keys.sorted() where extra != "value" && extra != "source" {
                problem("\(path).\(extra)", "unknown key; allowed: value, source")
            }
            if case .string(let s)? = fields["source"], !s.trimmingCharacters(in: .whitespaces).isEmpty {
                sources[key] = s
            } else {
                problem("\(path).source", "missing or empty: every value needs a source")
            }
            guard let v = fields["value"] else { problem("\(path).value", "missing"); continue }
            raw[key] = v
        }

        // Typed values.
        var counts: [String: Int] = [:]
        var cycleValues: [String: Int64] = [:]
        var bytes: [String: ByteCount] = [:]
        var frequencies: [String: Frequency] = [:]
        var bandwidths: [String: Bandwidth] = [:]
        var energies: [String: Energy] = [:]
        var perBit: [String: EnergyPerBit] = [:]
        func text(_ key: String, _ v: JSONValue, _ kind: Kind) -> String? {
            if case .string(let s) = v { return s }
            problem("values.\(key).value", "must be \(kind.expected), found \(v.typeName)")
            return nil
        }
        func unitProblem(_ key: String, _ error: Error) { problem("values.\(key).value", "\(error)") }
        // The clock first: cycle values given as times need it.
        if let v = raw["commandClock"], let s = text("commandClock", v, .frequency) {
            do { frequencies["commandClock"] = try Frequency(parsing: s) } catch { unitProblem("commandClock", error) }
        }
        for (key, kind) in Self.keys {
            guard let v = raw[key], key != "commandClock" else { continue }
            let path = "values.\(key).value"
            switch kind {
            case .count:
                if case .integer(let i) = v, i > 0, i <= Int64(Int32.max) { counts[key] = Int(i) }
                else { problem(path, "must be \(kind.expected), found \(v)") }
            case .cycles:
                switch v {
                case .integer(let i) where i >= 0: cycleValues[key] = i
                case .integer(let i): problem(path, "must not be negative, found \(i)")
                case .string(let s):
                    do {
                        let t = try SimTime(parsing: s)
                        if t < .zero { problem(path, "must not be negative, found \(s)") }
                        else if let f = frequencies["commandClock"] {
                            let clock = ClockDomain(name: "tCK", frequency: f)
                            cycleValues[key] = clock.firstCycle(atOrAfter: t)
                        } else { problem(path, "a time needs a valid commandClock to convert to cycles") }
                    } catch { unitProblem(key, error) }
                default: problem(path, "must be \(kind.expected), found \(v.typeName)")
                }
            case .bytes:
                if let s = text(key, v, kind) { do { bytes[key] = try ByteCount(parsing: s) } catch { unitProblem(key, error) } }
            case .frequency:
                break
            case .bandwidth:
                if let s = text(key, v, kind) { do { bandwidths[key] = try Bandwidth(parsing: s) } catch { unitProblem(key, error) } }
            case .energy:
                if let s = text(key, v, kind) {
                    do {
                        let e = try Energy(parsing: s)
                        if e.picojoules < 0 { problem(path, "must not be negative, found \(s)") } else { energies[key] = e }
                    } catch { unitProblem(key, error) }
                }
            case .energyPerBit:
                if let s = text(key, v, kind) { do { perBit[key] = try EnergyPerBit(parsing: s) } catch { unitProblem(key, error) } }
            }
        }
        if bandwidths["dataRatePerPin"]?.bytesPerSecond == 0 { problem("values.dataRatePerPin.value", "must be positive") }
        if bytes["accessBytes"]?.bytes == 0 { problem("values.accessBytes.value", "must be positive") }
        guard problems.isEmpty else { throw DRAMPresetError(file: file, problems: problems) }

        let c = { (k: String) in counts[k]! }
        let n = { (k: String) in cycleValues[k]! }
        let organization = DRAMOrganization(
            channels: c("channels"), pseudoChannelsPerChannel: c("pseudoChannelsPerChannel"), ranks: c("ranks"),
            bankGroups: c("bankGroups"), banksPerBankGroup: c("banksPerBankGroup"), rows: c("rows"),
            columns: c("columns"), accessBytes: bytes["accessBytes"]!,
            dqBitsPerPseudoChannel: c("dqBitsPerPseudoChannel"), bundlesPerRank: c("bundlesPerRank"),
            dataRatePerPin: bandwidths["dataRatePerPin"]!, commandClock: frequencies["commandClock"]!)
        let timing = DRAMTimingParameters(
            nBL: n("nBL"), nCL: n("nCL"), nRCDRD: n("nRCDRD"), nRCDWR: n("nRCDWR"), nRP: n("nRP"),
            nRAS: n("nRAS"), nRC: n("nRC"), nWR: n("nWR"), nRTPS: n("nRTPS"), nRTPL: n("nRTPL"), nCWL: n("nCWL"),
            nCCDS: n("nCCDS"), nCCDL: n("nCCDL"), nRRDS: n("nRRDS"), nRRDL: n("nRRDL"), nWTRS: n("nWTRS"),
            nWTRL: n("nWTRL"), nRTW: n("nRTW"), nFAW: n("nFAW"), nRFC: n("tRFC"), nRFCSB: n("nRFCSB"),
            nRREFD: n("nRREFD"), nREFI: n("nREFI"), nCCDAB: n("nCCDAB"), nRDtoWRGap: n("nRDtoWRGap"),
            nRowCommandBus: n("nRowCommandBus"), nColumnCommandBus: n("nColumnCommandBus"))
        let energy = DRAMEnergyParameters(
            activate: energies["activateEnergy"]!, xpuPath: perBit["xpuPathEnergy"]!,
            logicPIMPath: perBit["logicPIMPathEnergy"]!, bankGroupPIMPath: perBit["bankGroupPIMPathEnergy"]!,
            bankPIMPath: perBit["bankPIMPathEnergy"]!, refresh: energies["refreshEnergy"]!)
        let consistency = DRAMPresetParser.consistencyProblems(organization, timing)
        guard consistency.isEmpty else { throw DRAMPresetError(file: file, problems: consistency) }
        return DRAMPreset(name: name, description: description, organization: organization,
                          timing: timing, energy: energy, sources: sources)
    }

    /// Relations between values that a physically meaningful preset must satisfy.
    ///
    /// tRC, tRAS and tRP are each rounded up to whole cycles from nanoseconds, so nRC may fall one
    /// cycle below nRAS + nRP (the reference's own 5.2 Gb/s preset: 63 vs 45 + 19); a larger
    /// deficit is an inconsistency. The timing table enforces both ACT->ACT nRC and
    /// ACT->PRE->ACT nRAS + nRP, so the model never runs faster than either.
    static func consistencyProblems(_ o: DRAMOrganization, _ t: DRAMTimingParameters) -> [DRAMPresetProblem] {
        var problems: [DRAMPresetProblem] = []
        func check(_ ok: Bool, _ key: String, _ reason: String) {
            if !ok { problems.append(DRAMPresetProblem(key: "values.\(key)", reason: reason)) }
        }
        check(t.nRC + 1 >= t.nRAS + t.nRP, "nRC", "nRC \(t.nRC) < nRAS \(t.nRAS) + nRP \(t.nRP) - 1 (tRC must cover tRAS + tRP, one cycle of rounding allowed)")
        check(t.nRAS >= t.nRCDRD, "nRAS", "nRAS \(t.nRAS) < nRCDRD \(t.nRCDRD): a row cannot close before it can be read")
        check(t.nCCDL >= t.nCCDS, "nCCDL", "nCCDL \(t.nCCDL) < nCCDS \(t.nCCDS): the same bank group cannot be faster than another")
        check(t.nRRDL >= t.nRRDS, "nRRDL", "nRRDL \(t.nRRDL) < nRRDS \(t.nRRDS)")
        check(t.nWTRL >= t.nWTRS, "nWTRL", "nWTRL \(t.nWTRL) < nWTRS \(t.nWTRS)")
        check(t.nCCDS >= t.nBL, "nCCDS", "nCCDS \(t.nCCDS) < nBL \(t.nBL): bursts would overlap on the data bus")
        check(t.nBL > 0, "nBL", "must be at least 1 cycle")
        check(t.nCL > 0, "nCL", "must be at least 1 cycle")
        check(t.nRP > 0 && t.nRCDRD > 0 && t.nRCDWR > 0, "nRP", "nRP, nRCDRD and nRCDWR must be at least 1 cycle")
        check(t.nCCDAB >= t.nCCDL, "nCCDAB", "nCCDAB \(t.nCCDAB) < nCCDL \(t.nCCDL): the power-limited interval cannot be shorter than the unlimited one")
        check(t.readToWrite >= 0, "nRDtoWRGap", "nCL + nBL + nRDtoWRGap - nCWL = \(t.readToWrite) is negative")
        check(t.nREFI > t.nRFC, "nREFI", "nREFI \(t.nREFI) <= refresh cycle \(t.nRFC) cycles: the device would do nothing but refresh")
        check(t.nRowCommandBus > 0 && t.nColumnCommandBus > 0, "nRowCommandBus", "command-bus occupancies must be at least 1 cycle")
        check(o.banksPerBankGroup % o.bundlesPerRank == 0, "bundlesPerRank",
              "banksPerBankGroup \(o.banksPerBankGroup) is not a multiple of bundlesPerRank \(o.bundlesPerRank)")
        // Burst size: pins x transfers per clock x nBL / 8 must equal the access size.
        let transfersPerClock = o.dataRatePerPin.bytesPerSecond * 8 / Double(o.commandClock.hertz)
        let burstBytes = Double(o.dqBitsPerPseudoChannel) * transfersPerClock * Double(t.nBL) / 8
        check(abs(burstBytes - Double(o.accessBytes.bytes)) < 1e-6 * Double(o.accessBytes.bytes), "accessBytes",
              "accessBytes \(o.accessBytes) differs from dqBitsPerPseudoChannel x (dataRatePerPin / commandClock) x nBL / 8 = \(burstBytes) B")
        return problems
    }
}
