import Foundation

/// Replays recorded routing decisions from a CSV file (docs/trace-format.md, "Routing traces"):
///
///     stage,layer,token,experts
///     0,0,0,3 5
///
/// one row per (stage, MoE layer, token), `experts` the token's top-k expert ids separated by
/// spaces. Every row is checked when read; a stage/layer that is asked for but missing, or whose
/// token count, top-k or expert ids do not fit the model, is an error naming the file and row.
public struct ReplayRouter: ExpertRouter {
    struct Key: Hashable { var stage: Int; var layer: Int }
    struct Row: Sendable { var line: Int; var experts: [Int] }

    /// The file name used in error messages.
    public let source: String
    let table: [Key: [Int: Row]]

    /// The CSV header, exactly.
    public static let header = "stage,layer,token,experts"

    /// Reads and checks a routing trace.
    public init(file: URL) throws(WorkloadInputError) {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw WorkloadInputError(source: file.path, field: "", reason: "cannot read the routing trace (\(error.localizedDescription))")
        }
        try self.init(csv: text, source: file.lastPathComponent)
    }

    /// Parses routing-trace CSV text; `source` names it in errors.
    public init(csv: String, source: String) throws(WorkloadInputError) {
        self.source = source
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, first == Self.header else {
            throw WorkloadInputError(source: "\(source):1", field: "", reason: "the header must be exactly \"\(Self.header)\"")
        }
        var table: [Key: [Int: Row]] = [:]
        var problems: [InputProblem] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            let lineNumber = offset + 1
            let where_ = "\(source):\(lineNumber)"
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 4 else {
                problems.append(InputProblem(source: where_, field: "", reason: "expected 4 comma-separated fields (\(Self.header)), got \(fields.count)"))
                continue
            }
            var numbers: [Int] = []
            for (name, text) in zip(["stage", "layer", "token"], fields) {
                guard let value = Int(text), value >= 0 else {
                    problems.append(InputProblem(source: where_, field: name, reason: "must be a non-negative integer, got \"\(text)\""))
                    break
                }
                numbers.append(value)
            }
            guard numbers.count == 3 else { continue }
            let idTexts = fields[3].split(separator: " ")
            let ids = idTexts.compactMap { Int($0) }
            guard !idTexts.isEmpty, ids.count == idTexts.count, ids.allSatisfy({ $0 >= 0 }) else {
                problems.append(InputProblem(source: where_, field: "experts", reason: "must be space-separated non-negative expert ids, got \"\(fields[3])\""))
                continue
            }
            guard Set(ids).count == ids.count else {
                problems.append(InputProblem(source: where_, field: "experts", reason: "expert ids of one token must be distinct, got \"\(fields[3])\""))
                continue
            }
            let key = Key(stage: numbers[0], layer: numbers[1])
            if let previous = table[key]?[numbers[2]] {
                problems.append(InputProblem(source: where_, field: "token",
                                             reason: "token \(numbers[2]) of stage \(key.stage) layer \(key.layer) already routed on line \(previous.line)"))
                continue
            }
            table[key, default: [:]][numbers[2]] = Row(line: lineNumber, experts: ids)
        }
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        self.table = table
    }

    /// Routing-trace CSV text for recorded decisions, in the given order (the inverse of
    /// `init(csv:source:)`), e.g. to record a run's routing for replay.
    public static func csv(_ decisions: [(stage: Int, layer: Int, decision: RoutingDecision)]) -> String {
        var lines = [header]
        for (stage, layer, decision) in decisions {
            for token in 0..<decision.tokens {
                lines.append("\(stage),\(layer),\(token),\(decision.experts(ofToken: token).map(String.init).joined(separator: " "))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func route(stage: Int, layer: Int, tokens: Int, experts: Int, topK: Int) throws(WorkloadInputError) -> RoutingDecision {
        guard let rows = table[Key(stage: stage, layer: layer)] else {
            throw WorkloadInputError(source: source, field: "", reason: "no routing for stage \(stage) layer \(layer)")
        }
        guard rows.count == tokens else {
            throw WorkloadInputError(source: source, field: "token",
                                     reason: "stage \(stage) layer \(layer) routes \(rows.count) tokens, but the stage has \(tokens)")
        }
        var choices: [Int] = []
        choices.reserveCapacity(tokens * topK)
        for token in 0..<tokens {
            guard let row = rows[token] else {
                throw WorkloadInputError(source: source, field: "token", reason: "stage \(stage) layer \(layer) has no row for token \(token)")
            }
            guard row.experts.count == topK else {
                throw WorkloadInputError(source: "\(source):\(row.line)", field: "experts",
                                         reason: "lists \(row.experts.count) experts, but the model routes each token to top-\(topK)")
            }
            if let bad = row.experts.first(where: { $0 >= experts }) {
                throw WorkloadInputError(source: "\(source):\(row.line)", field: "experts",
                                         reason: "expert \(bad) does not exist (the model has \(experts): 0...\(experts - 1))")
            }
            choices.append(contentsOf: row.experts)
        }
        return RoutingDecision(topK: topK, experts: experts, choices: choices)
    }
}
