import Workloads

/// Which unit runs each operator class at the operator level: the xPU, or the memory-side
/// processor (Logic-PIM, BankGroup-PIM, Bank-PIM) of the same device. Collectives always run on
/// the xPU's links.
public enum RooflinePlacement: String, Codable, Hashable, Sendable, CaseIterable {
    /// Everything on the xPU (a plain GPU system).
    case xpuOnly = "xpu-only"
    /// Attention on the memory processor, the rest on the xPU.
    case attentionOnPIM = "attention-on-pim"
    /// Expert FFNs on the memory processor, the rest on the xPU.
    case moeOnPIM = "moe-on-pim"
    /// Attention and expert FFNs on the memory processor (the Duplex paper's low-Op/B split).
    case duplex

    public func onMemoryProcessor(_ opClass: OperatorClass) -> Bool {
        switch self {
        case .xpuOnly: return false
        case .attentionOnPIM: return opClass == .attention
        case .moeOnPIM: return opClass == .moe
        case .duplex: return opClass == .attention || opClass == .moe
        }
    }
}
