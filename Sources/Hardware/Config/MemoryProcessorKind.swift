/// Which processor sits on the memory side of a device.
public enum MemoryProcessorKind: String, ConfigEnum {
    /// A plain GPU: HBM only.
    case none
    /// Units on the HBM logic die fed by bank bundles through extra TSVs (Duplex).
    case logicPIM = "logic-pim"
    /// Units next to every bank group on the DRAM dies.
    case bankGroupPIM = "bankgroup-pim"
    /// Units next to every bank on the DRAM dies.
    case bankPIM = "bank-pim"
}
