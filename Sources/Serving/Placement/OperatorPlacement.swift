import Hardware
/// Where one operator runs and which memory spaces its DRAM traffic touches.
public struct OperatorPlacement: Hashable, Sendable {
    public let unit: ExecutionUnit
    /// The bank-bundle spaces holding the operator's weights, KV cache and activations.
    public let spaces: MemorySpaces

    public init(unit: ExecutionUnit, spaces: MemorySpaces) {
        precondition(!spaces.isEmpty, "an operator touches at least one memory space")
        self.unit = unit
        self.spaces = spaces
    }
}
