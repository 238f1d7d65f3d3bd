import Foundation

/// An operator trace: a header and operators, stored as JSON Lines (docs/trace-format.md).
///
/// Writing is deterministic (sorted keys, one operator per line, "\n" endings), so the same
/// operators give the same bytes. Reading rejects the first malformed line with its line number
/// and offending field; nothing is skipped.
public struct OperatorTrace: Hashable, Sendable {
    public var header: TraceHeader
    public var operators: [Operator]

    public init(header: TraceHeader, operators: [Operator]) {
        self.header = header
        self.operators = operators
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The trace as JSON Lines text.
    public func jsonLines() -> String {
        let encoder = OperatorTrace.encoder()
        var lines: [String] = []
        lines.reserveCapacity(operators.count + 1)
        do {
            lines.append(String(decoding: try encoder.encode(header), as: UTF8.self))
            for op in operators { lines.append(String(decoding: try encoder.encode(op), as: UTF8.self)) }
        } catch {
            preconditionFailure("operators and headers always encode: \(error)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the trace to `file` atomically (a temporary file renamed into place).
    public func write(to file: URL) throws(WorkloadInputError) {
        try AtomicFile.write(jsonLines(), to: file)
    }

    /// Reads a trace file.
    public init(contentsOf file: URL) throws(WorkloadInputError) {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw WorkloadInputError(source: file.path, field: "", reason: "cannot read the trace (\(error.localizedDescription))")
        }
        try self.init(jsonLines: text, source: file.lastPathComponent)
    }

    /// Parses JSON Lines text; `source` names it in errors ("name:line").
    public init(jsonLines text: String, source: String) throws(WorkloadInputError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first else {
            throw WorkloadInputError(source: "\(source):1", field: "", reason: "the trace is empty; the first line must be the header")
        }
        let header = try StrictJSON.decode(TraceHeader.self, from: Data(first.utf8), source: "\(source):1")
        if header.format != TraceHeader.formatName {
            throw WorkloadInputError(source: "\(source):1", field: "format", reason: "must be \"\(TraceHeader.formatName)\", got \"\(header.format)\"")
        }
        if header.version != TraceHeader.currentVersion {
            throw WorkloadInputError(source: "\(source):1", field: "version",
                                     reason: "version \(header.version) is not supported; this build reads version \(TraceHeader.currentVersion)")
        }
        let modelProblems = header.model.problems(source: "\(source):1")
        if !modelProblems.isEmpty {
            throw WorkloadInputError(modelProblems.map { InputProblem(source: $0.source, field: "model.\($0.field)", reason: $0.reason) })
        }
        var operators: [Operator] = []
        operators.reserveCapacity(lines.count - 1)
        var lastStage = 0
        for (offset, line) in lines.enumerated().dropFirst() {
            let location = "\(source):\(offset + 1)"
            if line.isEmpty { throw WorkloadInputError(source: location, field: "", reason: "empty line; every line after the header is one operator") }
            let op = try StrictJSON.decode(Operator.self, from: Data(line.utf8), source: location)
            if let previous = operators.last, op.id <= previous.id {
                throw WorkloadInputError(source: location, field: "id", reason: "\(op.id) does not increase (previous operator has id \(previous.id))")
            }
            if op.stage < lastStage {
                throw WorkloadInputError(source: location, field: "stage", reason: "\(op.stage) goes back (previous operator is in stage \(lastStage))")
            }
            if let layer = op.layer, layer >= header.model.layers {
                throw WorkloadInputError(source: location, field: "layer", reason: "\(layer) is outside the model's \(header.model.layers) layers")
            }
            if let expert = op.expert, expert >= header.model.experts {
                throw WorkloadInputError(source: location, field: "expert", reason: "\(expert) is outside the model's \(header.model.experts) experts")
            }
            lastStage = op.stage
            operators.append(op)
        }
        self.init(header: header, operators: operators)
    }
}
