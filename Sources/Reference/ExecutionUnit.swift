/// The kind of processing unit a plan fragment runs on. Plain string data ("xpu",
/// "logic-pim", ...) so device models outside `Reference` can name units without importing
/// anything; the executor does not depend on the unit (hardware computes the same numbers),
/// it only reports it.
public struct ExecutionUnit: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The GPU-class processor of a Duplex device.
    public static let xpu = ExecutionUnit(rawValue: "xpu")
    /// A plain GPU system.
    public static let gpu = ExecutionUnit(rawValue: "gpu")
    /// Processing units on the HBM logic die.
    public static let logicPIM = ExecutionUnit(rawValue: "logic-pim")
    /// Units next to every DRAM bank.
    public static let bankPIM = ExecutionUnit(rawValue: "bank-pim")
    /// Units per DRAM bank group.
    public static let bankGroupPIM = ExecutionUnit(rawValue: "bankgroup-pim")

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
