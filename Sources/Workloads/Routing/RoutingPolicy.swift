import Foundation

/// A routing choice as written on the command line: `uniform`, `zipf:<exponent>` or a CSV path.
public enum RoutingPolicy: Hashable, Sendable {
    case uniform
    case zipf(exponent: Double)
    case replay(path: String)

    /// Parses "uniform", "zipf:1.2", or anything else as a routing-trace path.
    public init(parsing text: String) throws(WorkloadInputError) {
        if text == "uniform" {
            self = .uniform
        } else if text.hasPrefix("zipf:") {
            guard let exponent = Double(text.dropFirst(5)), exponent.isFinite, exponent >= 0 else {
                throw WorkloadInputError(source: "--routing", field: "", reason: "\"\(text)\": the Zipf exponent must be a number >= 0, as in zipf:1.2")
            }
            self = .zipf(exponent: exponent)
        } else {
            self = .replay(path: text)
        }
    }

    /// The router; `seed` drives the random policies.
    public func router(seed: UInt64) throws(WorkloadInputError) -> any ExpertRouter {
        switch self {
        case .uniform: return UniformRouter(seed: seed)
        case .zipf(let exponent): return ZipfRouter(exponent: exponent, seed: seed)
        case .replay(let path): return try ReplayRouter(file: URL(fileURLWithPath: path))
        }
    }
}
