import Foundation

/// Decodes JSON into a `Decodable` type and rejects what `JSONDecoder` would silently accept:
/// unknown keys (a typo such as "kv_head" would otherwise fall back to nothing). Errors name the
/// source, the dotted field path and the reason.
///
/// Unknown keys are found by re-encoding the decoded value and comparing key sets, so no type
/// needs hand-written key lists; `null` in the input counts as absent. Complexity: linear in the
/// size of the document.
public enum StrictJSON {
    /// Decodes `data`; `source` (file name, "file:line") prefixes every error.
    public static func decode<T: Codable>(_ type: T.Type, from data: Data, source: String) throws(WorkloadInputError) -> T {
        let raw: Any
        do {
            raw = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw WorkloadInputError(source: source, field: "", reason: "not valid JSON (\(describe(error)))")
        }
        let value: T
        do {
            value = try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw WorkloadInputError([problem(error, source: source)])
        } catch {
            throw WorkloadInputError(source: source, field: "", reason: describe(error))
        }
        let canonical: Any
        do {
            let encoded = try JSONEncoder().encode(value)
            canonical = try JSONSerialization.jsonObject(with: encoded, options: [.fragmentsAllowed])
        } catch {
            preconditionFailure("a decoded \(T.self) must re-encode: \(error)")
        }
        var problems: [InputProblem] = []
        unknownKeys(raw, known: canonical, path: "", source: source, into: &problems)
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        return value
    }

    /// Converts a `DecodingError` into a problem with the dotted field path.
    static func problem(_ error: DecodingError, source: String) -> InputProblem {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return InputProblem(source: source, field: path(context.codingPath + [key]), reason: "required field is missing")
        case .typeMismatch(let type, let context):
            return InputProblem(source: source, field: path(context.codingPath), reason: "expected \(typeName(type)); \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return InputProblem(source: source, field: path(context.codingPath), reason: "expected \(typeName(type)), found null")
        case .dataCorrupted(let context):
            return InputProblem(source: source, field: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return InputProblem(source: source, field: "", reason: "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default: return "\(type)"
        }
    }

    static func describe(_ error: Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return text ?? "\(error)"
    }

    /// Records every key of `raw` that `known` lacks, recursively, sorted for determinism.
    static func unknownKeys(_ raw: Any, known: Any, path: String, source: String, into problems: inout [InputProblem]) {
        if let object = raw as? [String: Any] {
            let knownObject = known as? [String: Any] ?? [:]
            for key in object.keys.sorted() {
                let field = path.isEmpty ? key : "\(path).\(key)"
                let value = object[key]!
                if value is NSNull { continue }
                guard let knownValue = knownObject[key] else {
                    let allowed = knownObject.keys.sorted().joined(separator: ", ")
                    problems.append(InputProblem(source: source, field: field, reason: "unknown field; allowed here: \(allowed)"))
                    continue
                }
                unknownKeys(value, known: knownValue, path: field, source: source, into: &problems)
            }
        } else if let array = raw as? [Any], let knownArray = known as? [Any], array.count == knownArray.count {
            for (index, element) in array.enumerated() {
                unknownKeys(element, known: knownArray[index], path: "\(path)[\(index)]", source: source, into: &problems)
            }
        }
    }
}
