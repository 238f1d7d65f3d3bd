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

    /// Memory accesses (loads + stores) per element; each moves one element of counted traffic.
    public var accessesPerElement: Int {
        switch self {
        case .initialize, .read: 1
        case .scale: 2
        case .triad: 3
        }
    }

    public static func < (lhs: StreamKind, rhs: StreamKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
