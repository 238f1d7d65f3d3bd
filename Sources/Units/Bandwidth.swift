/// A data rate in bytes per second.
public struct Bandwidth: Hashable, Comparable, Sendable {
    public var bytesPerSecond: Double

    public init(bytesPerSecond: Double) {
        precondition(bytesPerSecond.isFinite && bytesPerSecond >= 0, "bandwidth must be finite and >= 0, got \(bytesPerSecond) B/s")
        self.bytesPerSecond = bytesPerSecond
    }

    public static func gbps(_ gigabytesPerSecond: Double) -> Bandwidth { Bandwidth(bytesPerSecond: gigabytesPerSecond * 1e9) }

    /// GB/s (1e9 B/s), the unit of CSV columns named `*_GBps`.
    public var gigabytesPerSecond: Double { bytesPerSecond / 1e9 }

    /// The shortest time, rounded up to a picosecond, in which `bytes` can pass at this rate.
    public func transferTime(_ bytes: ByteCount) -> SimTime {
        precondition(bytesPerSecond > 0, "transfer at zero bandwidth never ends")
        return SimTime(picosecondsRoundingUp: Double(bytes.bytes) * 1e12 / bytesPerSecond)
    }

    /// The rate that moves `bytes` in `time`.
    public static func achieved(_ bytes: ByteCount, in time: SimTime) -> Bandwidth {
        precondition(time.picoseconds > 0, "achieved bandwidth needs a positive duration")
        return Bandwidth(bytesPerSecond: Double(bytes.bytes) / time.seconds)
    }

    public static func < (lhs: Bandwidth, rhs: Bandwidth) -> Bool { lhs.bytesPerSecond < rhs.bytesPerSecond }
    public static func * (lhs: Bandwidth, rhs: Double) -> Bandwidth { Bandwidth(bytesPerSecond: lhs.bytesPerSecond * rhs) }
    public static func + (lhs: Bandwidth, rhs: Bandwidth) -> Bandwidth { Bandwidth(bytesPerSecond: lhs.bytesPerSecond + rhs.bytesPerSecond) }
}

extension Bandwidth: CustomStringConvertible {
    static let units: [ScaledUnit] = [
        .init(symbol: "B/s", factor: 1), .init(symbol: "KB/s", factor: 1e3), .init(symbol: "MB/s", factor: 1e6),
        .init(symbol: "GB/s", factor: 1e9), .init(symbol: "TB/s", factor: 1e12),
        .init(symbol: "KiB/s", factor: 1024), .init(symbol: "MiB/s", factor: 1_048_576),
        .init(symbol: "GiB/s", factor: 1_073_741_824),
        .init(symbol: "b/s", factor: 1.0 / 8), .init(symbol: "Mb/s", factor: 1e6 / 8),
        .init(symbol: "Gb/s", factor: 1e9 / 8), .init(symbol: "Tb/s", factor: 1e12 / 8),
    ]
    static let displayUnits = units.filter { ["B/s", "KB/s", "MB/s", "GB/s", "TB/s"].contains($0.symbol) }

    public var description: String { ScaledUnit.format(bytesPerSecond, units: Bandwidth.displayUnits) }

    /// Reads "3.35TB/s", "665.6GB/s", "400Gb/s" (bits), "50GiB/s".
    public init(parsing text: String) throws {
        let value = try ScaledUnit.parse(text, quantity: "bandwidth", units: Bandwidth.units)
        guard value >= 0 else {
            throw UnitParseError(input: text, quantity: "bandwidth", reason: "must not be negative", acceptedUnits: Bandwidth.units.map(\.symbol))
        }
        self.init(bytesPerSecond: value)
    }
}
