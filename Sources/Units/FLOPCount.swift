/// An exact number of floating-point operations (a multiply-accumulate counts as 2).
public struct FLOPCount: Hashable, Comparable, Sendable, AdditiveArithmetic {
    public var flops: Int64

    public init(flops: Int64) { self.flops = flops }
    public init(_ flops: Int) { self.flops = Int64(flops) }

    public static let zero = FLOPCount(flops: 0)
    /// 2 FLOPs per multiply-accumulate.
    public static func macs(_ count: Int64) -> FLOPCount { FLOPCount(flops: 2 * count) }

    public static func < (lhs: FLOPCount, rhs: FLOPCount) -> Bool { lhs.flops < rhs.flops }
    public static func + (lhs: FLOPCount, rhs: FLOPCount) -> FLOPCount { FLOPCount(flops: lhs.flops + rhs.flops) }
    public static func - (lhs: FLOPCount, rhs: FLOPCount) -> FLOPCount { FLOPCount(flops: lhs.flops - rhs.flops) }
    public static func * (lhs: FLOPCount, rhs: Int64) -> FLOPCount { FLOPCount(flops: lhs.flops * rhs) }

    /// Arithmetic intensity in FLOP per byte (Op/B); +infinity when no bytes move.
    public func perByte(_ bytes: ByteCount) -> Double {
        bytes.bytes == 0 ? .infinity : Double(flops) / Double(bytes.bytes)
    }
}

extension FLOPCount: CustomStringConvertible {
    public var description: String { ScaledUnit.format(Double(flops), units: FLOPRate.countUnits) }
}
