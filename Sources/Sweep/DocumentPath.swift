/// A path addressing a field of a JSON document: dotted keys with optional array indices,
/// `system.device.memoryProcessor.clock`, `requests[2].tokens`. Keys cannot contain `.` or `[`.
public struct DocumentPath: Hashable, Sendable, CustomStringConvertible {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public let components: [Component]
    /// The text the path was parsed from.
    public let description: String

    /// Parses `text`; nil when it is empty or malformed (empty key, bad index).
    public init?(_ text: String) {
        var components: [Component] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let keyEnd = rest.firstIndex(of: "[") ?? rest.endIndex
            let key = rest[..<keyEnd]
            guard !key.isEmpty else { return nil }
            components.append(.key(String(key)))
            rest = rest[keyEnd...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                      let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0 else { return nil }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        guard !components.isEmpty else { return nil }
        self.components = components
        self.description = text
    }
}

extension JSONValue {
    /// The value at `path`, or nil when a component is missing.
    public func value(at path: DocumentPath) -> JSONValue? {
        var current = self
        for component in path.components {
            switch (component, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let index), .array(let elements)):
                guard index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets the value at `path`. Every component but the last must exist; the last may be a new
    /// key of an existing object (the point kind's strict decoding then judges it). Returns the
    /// reason when the path cannot be set.
    ///
    /// A *sourced constant* (`{"value": ..., "source": ...}`, the form of every hardware constant
    /// in a system config) addressed with a non-object value has its `value` replaced and its
    /// `source` set to `"sweep axis <path>"`, so `system.device.memoryProcessor.clock` can be
    /// swept with "650MHz".
    public mutating func set(_ newValue: JSONValue, at path: DocumentPath) -> String? {
        set(newValue, components: path.components[...], path: path)
    }

    private mutating func set(_ newValue: JSONValue, components: ArraySlice<DocumentPath.Component>, path: DocumentPath) -> String? {
        guard let first = components.first else {
            if case .object(var members) = self, Set(members.keys) == ["value", "source"] {
                if case .object = newValue {} else {
                    members["value"] = newValue
                    members["source"] = .string("sweep axis \(path)")
                    self = .object(members)
                    return nil
                }
            }
            self = newValue
            return nil
        }
        let rest = components.dropFirst()
        switch (first, self) {
        case (.key(let key), .object(var members)):
            if members[key] == nil {
                guard rest.isEmpty else { return "no field \"\(key)\" here; fields: \(members.keys.sorted().joined(separator: ", "))" }
                members[key] = newValue
                self = .object(members)
                return nil
            }
            var child = members[key]!
            if let reason = child.set(newValue, components: rest, path: path) { return reason }
            members[key] = child
            self = .object(members)
            return nil
        case (.index(let index), .array(var elements)):
            guard index < elements.count else { return "index \(index) is out of range (the array has \(elements.count) elements)" }
            if let reason = elements[index].set(newValue, components: rest, path: path) { return reason }
            self = .array(elements)
            return nil
        case (.key(let key), _):
            return "cannot select field \"\(key)\" of \(typeName)"
        case (.index(let index), _):
            return "cannot select element [\(index)] of \(typeName)"
        }
    }
}
