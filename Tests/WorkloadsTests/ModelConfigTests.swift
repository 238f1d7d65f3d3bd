import Foundation
import Testing
@testable import Workloads

@Suite struct ModelConfigTests {
    /// The reference table (shared/reference/duplex-system.md, Table 1 of the paper).
    @Test(arguments: [
        ("mixtral-8x7b", 32, 4096, 14336, 32, 8, 8, 2, 1, 3, 32000),
        ("glam-143b", 32, 4096, 16384, 32, 32, 64, 2, 2, 2, 256000),
        ("grok-1", 64, 6144, 32768, 48, 8, 8, 2, 1, 3, 131072),
        ("opt-66b", 64, 9216, 36864, 72, 72, 0, 0, 0, 2, 50272),
        ("llama3-70b", 80, 8192, 28672, 64, 8, 0, 0, 0, 3, 128256),
    ] as [(String, Int, Int, Int, Int, Int, Int, Int, Int, Int64, Int)])
    func paperModelsMatchTheReferenceTable(row: (String, Int, Int, Int, Int, Int, Int, Int, Int, Int64, Int)) {
        let m = Fixtures.model(row.0)
        #expect(m.name == row.0)
        #expect(m.layers == row.1 && m.hidden == row.2 && m.ffn == row.3)
        #expect(m.heads == row.4 && m.kvHeads == row.5)
        #expect(m.experts == row.6 && m.topK == row.7 && m.moeLayerInterval == row.8)
        #expect(m.ffnKind.matrixCount == row.9)
        #expect(m.vocab == row.10)
        #expect(m.headDim * m.heads == m.hidden)
        #expect(m.dtype == .fp16)
    }

    @Test func catalogListsEveryModelAndGroupSizes() throws {
        let names = try Fixtures.catalog.names()
        for name in Fixtures.paperModels + ["tiny-moe", "tiny-dense"] { #expect(names.contains(name)) }
        #expect(Fixtures.model("mixtral-8x7b").groupSize == 4)
        #expect(Fixtures.model("grok-1").groupSize == 6)
        #expect(Fixtures.model("llama3-70b").groupSize == 8)
        #expect(Fixtures.model("opt-66b").groupSize == 1)
        let glam = Fixtures.model("glam-143b")
        #expect(glam.moeLayerCount == 16)
        #expect(!glam.isMoELayer(0) && glam.isMoELayer(1))
    }

    func decode(_ json: String) throws(WorkloadInputError) -> ModelConfig {
        let config = try StrictJSON.decode(ModelConfig.self, from: Data(json.utf8), source: "bad.json")
        return try config.validated(source: "bad.json")
    }

    static let valid = """
        {"name":"x","source":"test","layers":2,"hidden":64,"ffn":128,"heads":4,"kv_heads":2,"head_dim":16,
         "experts":4,"top_k":2,"moe_layer_interval":1,"ffn_kind":"swiglu","norm":"rmsnorm","vocab":10,"dtype":"fp16"}
        """

    @Test func validConfigDecodes() throws {
        #expect(try decode(Self.valid).groupSize == 2)
    }

    @Test func validationCollectsEveryProblem() {
        let json = Self.valid.replacingOccurrences(of: "\"layers\":2", with: "\"layers\":0")
            .replacingOccurrences(of: "\"kv_heads\":2", with: "\"kv_heads\":3")
            .replacingOccurrences(of: "\"top_k\":2", with: "\"top_k\":5")
        do {
            _ = try decode(json)
            Issue.record("an impossible config was accepted")
        } catch {
            let fields = error.problems.map(\.field)
            #expect(fields.contains("layers"))
            #expect(fields.contains("kv_heads"))
            #expect(fields.contains("top_k"))
            #expect(error.problems.allSatisfy { $0.source == "bad.json" })
            #expect(error.description.contains("4 heads are not divisible by 3 KV heads"))
        }
    }

    @Test func unknownKeyMissingKeyAndBadEnumAreNamed() {
        let cases: [(String, String, String)] = [
            (Self.valid.replacingOccurrences(of: "\"vocab\"", with: "\"vocab_size\""), "vocab", "missing"),
            (Self.valid.replacingOccurrences(of: "}", with: ",\"rope\":1}"), "rope", "unknown field"),
            (Self.valid.replacingOccurrences(of: "swiglu", with: "mish"), "ffn_kind", "mish"),
            (Self.valid.replacingOccurrences(of: "\"hidden\":64", with: "\"hidden\":\"64\""), "hidden", "integer"),
        ]
        for (json, field, reason) in cases {
            do {
                _ = try decode(json)
                Issue.record("accepted a config with a bad \(field)")
            } catch {
                #expect(error.problems.first?.field == field, "\(error)")
                #expect(error.description.contains(reason), "\(error)")
            }
        }
    }

    @Test func denseModelsMustNotHaveRouting() {
        let json = Self.valid.replacingOccurrences(of: "\"experts\":4", with: "\"experts\":0")
        do {
            _ = try decode(json)
            Issue.record("accepted top_k with no experts")
        } catch {
            #expect(Set(error.problems.map(\.field)) == ["top_k", "moe_layer_interval"])
        }
    }

    @Test func fileNameMustMatchName() throws {
        let file = Fixtures.temporaryFile("other.json")
        try Data(Self.valid.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: WorkloadInputError.self) { try ModelCatalog.load(file: file, expectedName: "other") }
        #expect(try ModelCatalog.load(file: file).name == "x")
    }

    @Test func unknownModelListsKnownOnes() {
        do {
            _ = try Fixtures.catalog.load("gpt-5")
            Issue.record("loaded a model that does not exist")
        } catch {
            #expect(error.description.contains("mixtral-8x7b"))
        }
    }

    @Test func defaultDirectoryIsFoundFromASubdirectory() {
        let start = Fixtures.repositoryRoot.appendingPathComponent("Sources/Workloads")
        #expect(ModelCatalog.defaultDirectory(searchingFrom: start)?.standardizedFileURL.path
                == Fixtures.catalog.directory.standardizedFileURL.path)
    }

    @Test func plansMustSplitEvenly() {
        let grok = Fixtures.model("grok-1")
        #expect(ParallelismPlan(tensorParallel: 16).problems(for: grok, source: "plan").contains { $0.field == "tp" })
        #expect(Fixtures.paperPlan(grok) == ParallelismPlan(tensorParallel: 8, expertParallel: 8, expertTensorParallel: 2))
        for name in Fixtures.paperModels {
            let model = Fixtures.model(name)
            #expect(Fixtures.paperPlan(model).problems(for: model, source: "plan").isEmpty, "\(name)")
        }
        #expect(!ParallelismPlan(expertParallel: 2).problems(for: Fixtures.model("opt-66b"), source: "p").isEmpty)
    }
}
