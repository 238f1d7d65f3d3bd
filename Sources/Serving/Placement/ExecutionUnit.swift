/// Where an operator runs on every device of its group.
public enum ExecutionUnit: String, Hashable, Sendable, CaseIterable, Comparable {
    /// The GPU-class processor (high Op/B).
    case xpu
    /// The memory-side processor of the system (Logic-PIM, Bank-PIM or BankGroup-PIM).
    case pim
    /// The inter-device links (NVLink inside a node, InfiniBand between nodes): collectives.
    case link

    public static func < (lhs: ExecutionUnit, rhs: ExecutionUnit) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
