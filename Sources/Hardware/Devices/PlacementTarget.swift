/// Where a placement rule sends an operator: the xPU or the device's memory-side processor
/// (Logic-PIM, BankGroup-PIM or Bank-PIM, whichever the system has).
public enum PlacementTarget: String, Sendable, Hashable, Codable, CaseIterable {
    case xpu
    case memoryProcessor = "memory-processor"
}
