/// The unit an operator (or one of its tiles) ran on, as written in ops.csv's `unit` column.
public enum ExecutionUnit: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// The GPU-class processor.
    case xpu
    /// Logic-PIM GEMM modules on the HBM logic die.
    case logicPIM = "logic-pim"
    /// BankGroup-PIM units in the DRAM dies.
    case bankGroupPIM = "bankgroup-pim"
    /// Bank-PIM units next to every bank.
    case bankPIM = "bank-pim"
    /// NVLink / InfiniBand links (collectives).
    case network

    /// The unit of a memory-side processor kind; nil for `.none` (a plain GPU).
    public init?(memoryProcessor kind: MemoryProcessorKind) {
        switch kind {
        case .none: return nil
        case .logicPIM: self = .logicPIM
        case .bankGroupPIM: self = .bankGroupPIM
        case .bankPIM: self = .bankPIM
        }
    }

    /// Whether this is a memory-side processor.
    public var isMemoryProcessor: Bool { self == .logicPIM || self == .bankGroupPIM || self == .bankPIM }

    public static func < (lhs: ExecutionUnit, rhs: ExecutionUnit) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
