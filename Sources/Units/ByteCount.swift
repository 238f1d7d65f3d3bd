/// An exact amount of data in bytes.
public struct ByteCount: Hashable, Comparable, Sendable, AdditiveArithmetic {
    public var bytes: Int64

    public init(bytes: Int64) { self.bytes = bytes }
    public init(_ bytes: Int) { self.bytes = Int64(bytes) }

    public static let zero = ByteCount(bytes: 0)
    public static func kib(_ n: Int64) -> ByteCount { ByteCount(bytes: n * 1024) }
    public static func mib(_ n: Int64) -> ByteCount { ByteCount(bytes: n * 1024 * 1024) }
    public static func gib(_ n: Int64) -> ByteCount { ByteCount(bytes: n * 1024 * 1024 * 1024) }

    /// The size in bits.
    public var bits: Int64 { bytes * 8 }

    public static func < (lhs: ByteCount, rhs: ByteCount) -> Bool { lhs.bytes < rhs.bytes }
    public static func + (lhs: ByteCount, rhs: ByteCount) -> ByteCount { ByteCount(bytes: lhs.bytes + rhs.bytes) }
    public static func - (lhs: ByteCount, rhs: ByteCount) -> ByteCount { ByteCount(bytes: lhs.bytes - rhs.bytes) }
    public static func * (lhs: ByteCount, rhs: Int64) -> ByteCount { ByteCount(bytes: lhs.bytes * rhs) }
    public static func * (lhs: Int64, rhs: ByteCount) -> ByteCount { ByteCount(bytes: lhs * rhs.bytes) }
}

extension ByteCount: CustomStringConvertible {
    static let decimalUnits: [(symbol: String, digits: Int)] = [("B", 0), ("KB", 3), ("MB", 6), ("GB", 9), ("TB", 12)]
    static let binaryUnits: [(symbol: String, shift: Int64)] = [("KiB", 10), ("MiB", 20), ("GiB", 30), ("TiB", 40)]

    /// Exact text: binary units when the size is a whole number of them ("64KiB"), else bytes.
    public var description: String {
        for unit in ByteCount.binaryUnits.reversed() where bytes != 0 && bytes % (1 << unit.shift) == 0 {
            return "\(bytes >> unit.shift)\(unit.symbol)"
        }
        return "\(bytes)B"
    }

    /// Reads "32B", "1KB" (1000 B), "64KiB" (65536 B), "16GB", "1.5MiB". Must be whole bytes.
    public init(parsing text: String) throws {
        let accepted = ByteCount.decimalUnits.map(\.symbol) + ByteCount.binaryUnits.map(\.symbol)
        let (numberText, unitText) = QuantityText.split(text)
        guard let decimal = QuantityText.exactDecimal(numberText) else {
            throw UnitParseError(input: text, quantity: "data size", reason: "no number before the unit", acceptedUnits: accepted)
        }
        var result: Int64?
        if let unit = ByteCount.decimalUnits.first(where: { $0.symbol == unitText }) {
            result = QuantityText.integer(decimal, shiftedBy: unit.digits)
        } else if let unit = ByteCount.binaryUnits.first(where: { $0.symbol == unitText }) {
            // Exact: scale the significand by 2^shift, then apply the decimal exponent.
            let (scaled, overflow) = decimal.significand.multipliedReportingOverflow(by: 1 << unit.shift)
            result = overflow ? nil
                : QuantityText.integer(.init(significand: scaled, exponent: decimal.exponent), shiftedBy: 0)
        } else {
            let reason = unitText.isEmpty ? "a unit is required" : "unknown unit \"\(unitText)\""
            throw UnitParseError(input: text, quantity: "data size", reason: reason, acceptedUnits: accepted)
        }
        guard let bytes = result, bytes >= 0 else {
            throw UnitParseError(input: text, quantity: "data size",
                                 reason: "must be a non-negative whole number of bytes", acceptedUnits: accepted)
        }
        self.bytes = bytes
    }
}
