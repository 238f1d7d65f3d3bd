/// A numeric format of matrix operands (2 bytes per element for both).
public enum DataType: String, ConfigEnum, Comparable {
    case fp16
    case bf16

    /// Bytes per element.
    public var bytesPerElement: Int64 { 2 }

    public static func < (lhs: DataType, rhs: DataType) -> Bool { lhs.rawValue < rhs.rawValue }
}
