/// A STREAM-like kernel (gpu-benches gpu-stream): what each element costs in memory accesses.
public enum StreamKind: String, CaseIterable, Sendable, Comparable {
    /// a[i] = c (one store).
    case initialize = "init"
    /// sum += a[i] (one load).
    case read
    /// a[i] = s * b[i] (one load, one store).
    case scale
    /// a[i] = b[i] + s * c[i] (two loads, one store).
    case triad

    /// Loads per element.
    public var loadsPerElement: Int {
        switch self {
        case .initialize: 0
        case .read, .scale: 1
        case .triad: 2
        }
    }

    /// Stores per element.
    public var storesPerElement: Int {
        switch self {
        case .read: 0
        case .initialize, .scale, .triad: 1
        }
    }

    /// Memory accesses (loads + stores) per element; each moves one element of counted traffic.
    public var accessesPerElement: Int { loadsPerElement + storesPerElement }

    public static func < (lhs: StreamKind, rhs: StreamKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
