import Foundation
import Testing
@testable import Sweep

@Suite struct ExpansionTests {
    static let arithmetic = """
        {"name": "a", "kind": "arithmetic", "seed": 3, "base": {"x": 0, "y": "p"},
         "axes": [{"path": "x", "values": [1, 2, 3]}, {"path": "y", "values": ["a", "b"]}]}
        """

    @Test func cartesianProductOrderAndSize() throws {
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(), source: "spec.json")
        #expect(plan.points.count == 6)
        #expect(plan.points.map(\.axisCells) == [["1", "a"], ["1", "b"], ["2", "a"], ["2", "b"], ["3", "a"], ["3", "b"]])
        #expect(plan.points.map(\.index) == Array(0..<6))
        #expect(Set(plan.points.map(\.id)).count == 6)
        #expect(plan.header == ["point_id", "x", "y", "square", "label"])
    }

    @Test func zippedAxesAdvanceTogether() throws {
        let spec = try SweepFixtures.spec("""
            {"name": "z", "kind": "arithmetic", "seed": 3, "base": {"x": 0, "y": "p"},
             "axes": [{"zip": [{"path": "x", "values": [1, 2, 3]}, {"path": "y", "values": ["a", "b", "c"]}]}]}
            """)
        let plan = try SweepPlan(spec: spec, kind: ArithmeticKind(), source: "spec.json")
        #expect(plan.points.map(\.axisCells) == [["1", "a"], ["2", "b"], ["3", "c"]])
        #expect(spec.pointCount == 3)
    }

    @Test func zipAndProductCombine() throws {
        let spec = try SweepFixtures.spec("""
            {"name": "z", "kind": "opb", "seed": 3, "base": {"a": 0, "b": 0, "c": 0},
             "axes": [{"path": "a", "values": [1, 2, 3, 4]}, {"zip": [{"path": "b", "values": [1, 2]}, {"path": "c", "values": [5, 6]}]}]}
            """)
        #expect(spec.pointCount == 8)
        #expect(SweepPlan<ArithmeticKind>.valueIndices(of: 5, groups: spec.groups) == [2, 1])
    }

    /// FNV-1a-64 test vectors (draft-eastlake-fnv) and a golden point id: ids must not change across
    /// runs, machines or Swift versions (Swift's Hasher would change every run).
    @Test func idsAreStable() throws {
        #expect(StableHash.of("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.of("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.of("foobar") == 0x8594_4171_f739_67e8)
        let document = JSONValue.object(["y": .string("a"), "x": .integer(1), "z": .array([.double(0.5), .bool(true), .null])])
        #expect(document.canonicalText == #"{"x":1,"y":"a","z":[0.5,true,null]}"#)
        let plan = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(), source: "spec.json")
        let again = try SweepPlan(spec: SweepFixtures.spec(Self.arithmetic), kind: ArithmeticKind(), source: "spec.json")
        #expect(plan.points.map(\.id) == again.points.map(\.id))
        #expect(plan.points[0].id == StableHash.hex(StableHash.of(#"{"config":{"x":1,"y":"a"},"kind":"arithmetic"}"#)))
        #expect(plan.points[0].id == "7239e0d7c67fe874")
        #expect(plan.points[0].seed == SweepPlan<ArithmeticKind>.pointSeed(sweepSeed: 3, id: plan.points[0].id))
        #expect(plan.points[0].seed != SweepPlan<ArithmeticKind>.pointSeed(sweepSeed: 4, id: plan.points[0].id))
    }

    @Test func unitsGoToTheHeader() throws {
        let axis = SweepAxis(path: DocumentPath("system.device.memoryProcessor.clock")!, values: [.string("650MHz"), .string("1000MHz")])
        #expect(axis.column == "system.device.memoryProcessor.clock_MHz")
        #expect(axis.cell(1) == "1000")
        let bandwidth = SweepAxis(path: DocumentPath("bw")!, values: [.string("3.35TB/s")])
        #expect(bandwidth.column == "bw_TBps")
        let mixed = SweepAxis(path: DocumentPath("clock")!, values: [.string("650MHz"), .string("1GHz")])
        #expect(mixed.column == "clock")
        #expect(mixed.cell(1) == "1GHz")
    }

    @Test func sourcedConstantsTakeTheValue() throws {
        var document = JSONValue.object(["clock": .object(["value": .string("650MHz"), "source": .string("paper")])])
        #expect(document.set(.string("1GHz"), at: DocumentPath("clock")!) == nil)
        #expect(document.value(at: DocumentPath("clock.value")!) == .string("1GHz"))
        #expect(document.value(at: DocumentPath("clock.source")!) == .string("sweep axis clock"))
    }

    @Test func malformedSpecsNameThePath() throws {
        func problems(_ text: String) -> [String] {
            do {
                _ = try SweepFixtures.spec(text)
                return []
            } catch let error as SweepError {
                return error.problems.map(\.path)
            } catch {
                return ["unexpected \(error)"]
            }
        }
        #expect(problems(#"{"name": "e", "kind": "opb", "seed": 1, "base": {}, "axes": [{"path": "batch", "values": []}]}"#) == ["axes[0].values"])
        #expect(problems(#"{"name": "e", "kind": "opb", "seed": 1, "base": {}, "axes": []}"#) == ["axes"])
        #expect(problems(#"{"name": "e", "kind": "opb", "seed": 1, "base": {}, "axes": [{"zip": [{"path": "a", "values": [1]}, {"path": "b", "values": [1, 2]}]}]}"#) == ["axes[0].zip"])
        #expect(problems(#"{"name": "e", "kind": "opb", "seed": 1, "base": {}, "axis": [], "axes": [{"path": "a..b", "values": [1]}]}"#) == ["axis", "axes[0].path"])
        #expect(problems(#"{"name": "e", "kind": "opb", "seed": -1, "base": {}, "axes": [{"path": "a", "values": [1, 1]}]}"#) == ["seed", "axes[0].values[1]"])
    }

    @Test func unknownPathsAndWrongTypesNameThePath() throws {
        let kind = OpBPointKind(environment: SweepFixtures.environment)
        func problems(_ axes: String) throws -> [SweepProblem] {
            let spec = try SweepFixtures.spec("""
                {"name": "bad", "kind": "opb", "seed": 1,
                 "base": {"model": "tiny-moe", "phase": "decode", "batch": 8, "lin": 64, "lout": 16, "samples": 1,
                          "accounting": "paper", "routing": "uniform", "placement": "duplex", "system": "duplex"},
                 "axes": [\(axes)]}
                """)
            do {
                _ = try SweepPlan(spec: spec, kind: kind, source: "spec.json")
                return []
            } catch {
                return error.problems
            }
        }
        let unknown = try problems(#"{"path": "system.device.logicPIM.clock", "values": ["650MHz"]}"#)
        #expect(unknown.map(\.path) == ["system.device.logicPIM.clock"])
        #expect(unknown.first?.reason.contains("memoryProcessor") == true)
        let wrongUnit = try problems(#"{"path": "system.device.memoryProcessor.clock", "values": ["650MHz", "650GB"]}"#)
        #expect(wrongUnit.map(\.path) == ["system.device.memoryProcessor.clock.value"])
        let wrongType = try problems(#"{"path": "batch", "values": [8, "many"]}"#)
        #expect(wrongType.map(\.path) == ["batch"])
        let newField = try problems(#"{"path": "batchsize", "values": [8]}"#)
        #expect(newField.map(\.path) == ["batchsize"])
        let badValue = try problems(#"{"path": "placement", "values": ["duplex", "everywhere"]}"#)
        #expect(badValue.map(\.path) == ["placement"])
        let badModel = try problems(#"{"path": "model.kv_heads", "values": [2, 3]}"#)
        #expect(badModel.map(\.path) == ["model.kv_heads"])
        #expect(badModel.first?.source.contains("model.kv_heads=3") == true)
        let noPIM = try problems(#"{"path": "system", "values": ["duplex", "h100"]}"#)
        #expect(noPIM.map(\.path) == ["placement"])
        #expect(try problems(#"{"path": "batch", "values": [8, 16]}"#).isEmpty)
    }

    @Test func planDoesNotDependOnJobs() throws {
        let kind = OpBPointKind(environment: SweepFixtures.environment)
        let one = try SweepPlan(spec: SweepFixtures.spec(SweepFixtures.opbSpec), kind: kind, source: "spec.json", jobs: 1)
        let two = try SweepPlan(spec: SweepFixtures.spec(SweepFixtures.opbSpec), kind: kind, source: "spec.json", jobs: 2)
        #expect(one.points.count == 24)
        #expect(one.points.map(\.id) == two.points.map(\.id))
        #expect(one.points.map(\.axisCells) == two.points.map(\.axisCells))
        #expect(one.points.map(\.seed) == two.points.map(\.seed))
    }

    @Test func jsonParserIsStrictAndExact() throws {
        let value = try JSONValue.parse(Data(#"{"a": [1, -2.5, 1e3, "\u00e9\n", true, null], "b": 9223372036854775807}"#.utf8), source: "x.json")
        #expect(value == .object(["a": .array([.integer(1), .double(-2.5), .double(1000), .string("é\n"), .bool(true), .null]),
                                  "b": .integer(.max)]))
        #expect(value.canonicalText == #"{"a":[1,-2.5,1000.0,"é\n",true,null],"b":9223372036854775807}"#)
        #expect(throws: SweepError(source: "x.json:2:2", path: "", reason: "not valid JSON: key \"a\" appears twice in one object")) {
            try JSONValue.parse(Data("{\"a\": 1,\n \"a\": 2}".utf8), source: "x.json")
        }
        #expect(throws: SweepError.self) { try JSONValue.parse(Data("[1, 2,]".utf8), source: "x.json") }
        #expect(throws: SweepError.self) { try JSONValue.parse(Data("01".utf8), source: "x.json") }
        #expect(throws: SweepError.self) { try JSONValue.parse(Data("{} x".utf8), source: "x.json") }
    }

    @Test func duplicatePointsAreRejected() throws {
        let spec = try SweepFixtures.spec("""
            {"name": "d", "kind": "arithmetic", "seed": 1, "base": {"x": 0, "y": "p"},
             "axes": [{"path": "y", "values": ["a", "A"]}]}
            """)
        // The kind normalises y to lower case, so both points resolve to {"x": 0, "y": "a"}.
        #expect(throws: SweepError([SweepProblem(source: "spec.json: point 1 (y=A)", path: "", reason: "resolves to the same config as point 0")])) {
            try SweepPlan(spec: spec, kind: ArithmeticKind(), source: "spec.json")
        }
    }
}
