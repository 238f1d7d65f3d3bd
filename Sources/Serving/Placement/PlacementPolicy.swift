import Hardware

/// Which unit runs which operator (reference: "Placement and co-processing").
public enum PlacementPolicy: String, Hashable, Sendable, CaseIterable, Codable {
    /// Everything on the xPU (the GPU baseline; any system, PIM left idle).
    case gpu
    /// Duplex by Op/B: Logic-PIM runs the attention of every decoding request and the MoE of
    /// decode-only stages; the xPU runs the rest. One unit active at a time.
    case duplex
    /// Duplex with expert co-processing (per-expert cost table by token count, greedy assignment)
    /// and attention co-processing in mixed stages (prefill attention on the xPU overlaps decode
    /// attention on Logic-PIM).
    case duplexPE = "duplex+pe"
    /// `duplex+pe` with tensor-parallel experts inside a node (+ET).
    case duplexPEET = "duplex+pe+et"
    /// Bank-PIM baseline: the low-Op/B work of `duplex` on PIM units inside the DRAM banks.
    case bankPIM = "bank-pim"
    /// BankGroup-PIM baseline: as `bank-pim` with units at the bank groups.
    case bankgroupPIM = "bankgroup-pim"

    /// The memory-side processor the policy needs (nil: none needed).
    public var requiredProcessor: MemoryProcessorKind? {
        switch self {
        case .gpu: return nil
        case .duplex, .duplexPE, .duplexPEET: return .logicPIM
        case .bankPIM: return .bankPIM
        case .bankgroupPIM: return .bankGroupPIM
        }
    }

    /// Whether the PIM and the xPU may run at the same time (co-processing).
    public var coProcessing: Bool { self == .duplexPE || self == .duplexPEET }

    /// Whether every expert is tensor-parallel over a node's devices (+ET).
    public var tensorParallelExperts: Bool { self == .duplexPEET }

    /// The accepted names, for errors.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
