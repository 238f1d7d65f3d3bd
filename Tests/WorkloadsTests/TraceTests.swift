import Foundation
import Testing
@testable import Workloads

@Suite struct TraceTests {
    static func sampleTrace(model name: String = "tiny-moe", plan: ParallelismPlan = ParallelismPlan(tensorParallel: 2, expertParallel: 2, expertTensorParallel: 2)) throws -> OperatorTrace {
        let model = Fixtures.model(name)
        let builder = OperatorGraphBuilder(model: model, plan: plan, options: .paper)
        var operators: [Operator] = []
        for stage in BatchScenario(batch: 3, inputLength: 5, outputLength: 3).closedLoopStages(count: 4) {
            operators += try builder.operators(for: stage, router: ZipfRouter(exponent: 1.2, seed: 9), firstID: operators.count)
        }
        return OperatorTrace(header: TraceHeader(model: model, plan: plan, accounting: .paper, routing: "zipf:1.2 seed 9"), operators: operators)
    }

    @Test func roundTripIsIdentical() throws {
        let trace = try Self.sampleTrace()
        let text = trace.jsonLines()
        let read = try OperatorTrace(jsonLines: text, source: "t.jsonl")
        #expect(read == trace)
        #expect(read.jsonLines() == text)
        // Through a file, written atomically.
        let file = Fixtures.temporaryFile("t.jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        try trace.write(to: file)
        #expect(try OperatorTrace(contentsOf: file) == trace)
        let kinds = Set(trace.operators.map(\.kind))
        #expect(kinds == Set(OperatorKind.allCases).subtracting([.denseFFN]).union([.denseFFN]))
    }

    @Test func closedLoopStagesReplaceFinishedRequests() {
        let stages = BatchScenario(batch: 2, inputLength: 5, outputLength: 3).closedLoopStages(count: 4)
        #expect(stages.map { $0.requests.map(\.phase) } == [[.prefill, .prefill], [.decode, .decode], [.decode, .decode], [.prefill, .prefill]])
        #expect(stages[1].requests.map(\.contextTokens) == [6, 6])
        #expect(stages[2].requests.map(\.contextTokens) == [7, 7])
        #expect(stages[3].requests.map(\.id) == [2, 3])
    }

    /// Replaces `old` by `new` in line `number` (1-based) and expects a rejection naming that
    /// line and `field`.
    func expectRejected(_ trace: OperatorTrace, line number: Int, replacing old: String, with new: String, field: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        var lines = trace.jsonLines().split(separator: "\n").map(String.init)
        #expect(lines[number - 1].contains(old), "line \(number) lacks \(old)", sourceLocation: sourceLocation)
        lines[number - 1] = lines[number - 1].replacingOccurrences(of: old, with: new)
        do {
            _ = try OperatorTrace(jsonLines: lines.joined(separator: "\n") + "\n", source: "t.jsonl")
            Issue.record("accepted a malformed line \(number): \(lines[number - 1])", sourceLocation: sourceLocation)
        } catch {
            #expect(error.problems.first?.source == "t.jsonl:\(number)", "\(error)", sourceLocation: sourceLocation)
            #expect(error.problems.first?.field == field, "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func malformedLinesAreRejectedWithLineAndField() throws {
        let trace = try Self.sampleTrace()
        let lines = trace.jsonLines().split(separator: "\n").map(String.init)
        let qkvLine = lines.firstIndex { $0.contains("\"kind\":\"qkv_projection\"") }! + 1
        let attentionLine = lines.firstIndex { $0.contains("\"kind\":\"attention\"") }! + 1
        let qkv = trace.operators[qkvLine - 2]
        expectRejected(trace, line: qkvLine, replacing: "\"flops\":\(qkv.cost.flops.flops)", with: "\"flops\":1", field: "flops")
        expectRejected(trace, line: qkvLine, replacing: "\"kv_write\":\(qkv.cost.memory.kvWrite.bytes)", with: "\"kv_write\":0", field: "bytes.kv_write")
        expectRejected(trace, line: qkvLine, replacing: "\"tokens\":", with: "\"tokens\":-", field: "shape.tokens")
        expectRejected(trace, line: qkvLine, replacing: "\"tokens\":", with: "\"tokens\":4000000000000", field: "shape")
        expectRejected(trace, line: qkvLine, replacing: "\"kind\":\"qkv_projection\"", with: "\"kind\":\"conv\"", field: "kind")
        expectRejected(trace, line: qkvLine, replacing: "\"dtype\":\"fp16\"", with: "\"dtype\":\"fp16\",\"colour\":1", field: "colour")
        expectRejected(trace, line: qkvLine, replacing: "\"deps\":[", with: "\"deps\":[99999,", field: "deps[0]")
        expectRejected(trace, line: attentionLine, replacing: "\"scores\":\"", with: "\"scores\":\"x", field: "shape.scores")
        expectRejected(trace, line: attentionLine, replacing: "\"request\":", with: "\"requests\":", field: "request")
        expectRejected(trace, line: 5, replacing: "\"id\":3,", with: "\"id\":2,", field: "id")
        expectRejected(trace, line: 2, replacing: "{", with: "[", field: "")
        expectRejected(trace, line: 1, replacing: "\"version\":1", with: "\"version\":2", field: "version")
        expectRejected(trace, line: 1, replacing: "\"kv_heads\":2", with: "\"kv_heads\":3", field: "model.kv_heads")
    }

    @Test func emptyTraceAndBlankLinesAreRejected() throws {
        var lines = try Self.sampleTrace().jsonLines().split(separator: "\n").map(String.init)
        lines.insert("", at: 2)
        for (text, source) in [("", "t.jsonl:1"), (lines.joined(separator: "\n"), "t.jsonl:3")] {
            do {
                _ = try OperatorTrace(jsonLines: text, source: "t.jsonl")
                Issue.record("accepted a trace that is empty or has a blank line")
            } catch {
                #expect(error.problems.first?.source == source, "\(error)")
            }
        }
    }

    @Test func sameInputsGiveSameBytes() throws {
        #expect(try Self.sampleTrace().jsonLines() == Self.sampleTrace().jsonLines())
    }
}
