import Foundation

/// Accumulates validation problems with their key paths.
struct Validator {
    private(set) var problems: [ConfigProblem] = []

    mutating func add(_ path: String, _ reason: String) { problems.append(ConfigProblem(path: path, reason: reason)) }

    mutating func nonEmpty(_ path: String, _ text: String) {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { add(path, "must not be empty") }
    }

    mutating func sourced<T>(_ path: String, _ value: Sourced<T>) {
        nonEmpty("\(path).source", value.source)
    }

    mutating func atLeastOne(_ path: String, _ value: Sourced<Int>) {
        sourced(path, value)
        if value.value < 1 { add("\(path).value", "must be at least 1, got \(value.value)") }
    }

    mutating func positive<T>(_ path: String, _ value: Sourced<T>, _ magnitude: (T) -> Double) {
        sourced(path, value)
        let m = magnitude(value.value)
        if !(m > 0 && m.isFinite) { add("\(path).value", "must be positive and finite, got \(value.value)") }
    }
}
