import Workloads

/// The first step of decoding a point whose model and system are inlined documents (the `opb`,
/// `replay` and `run` kinds): the model and system are taken out, and the remaining fields are
/// decoded strictly as `Raw`. Missing model or system documents are collected as problems for the
/// caller to report together with its own; a field that does not decode fails at once.
struct InlinedPointDocument<Raw: Codable> {
    var raw: Raw
    var modelDocument: JSONValue?
    var systemDocument: JSONValue?
    /// Problems found so far (a missing model or system), each naming its path.
    var problems: [SweepProblem]

    /// `kind` names the point kind in the error for a document that is not an object.
    init(_ document: JSONValue, kind: String, source: String) throws(SweepError) {
        guard case .object(var fields) = document else {
            throw SweepError(source: source, path: "", reason: "a \(kind) point is an object, found \(document.typeName)")
        }
        var problems: [SweepProblem] = []
        modelDocument = fields.removeValue(forKey: "model")
        systemDocument = fields.removeValue(forKey: "system")
        if modelDocument == nil { problems.append(SweepProblem(source: source, path: "model", reason: "required field is missing")) }
        if systemDocument == nil { problems.append(SweepProblem(source: source, path: "system", reason: "required field is missing")) }
        do {
            raw = try StrictJSON.decode(Raw.self, from: JSONValue.object(fields).canonicalData, source: source)
        } catch {
            throw SweepError(problems + error.problems.map { SweepProblem(source: source, path: $0.field, reason: $0.reason) })
        }
        self.problems = problems
    }
}
