/// A compute rate in floating-point operations per second.
public struct FLOPRate: Hashable, Comparable, Sendable {
    public var flopsPerSecond: Double

    public init(flopsPerSecond: Double) {
        precondition(flopsPerSecond.isFinite && flopsPerSecond >= 0, "FLOP rate must be finite and >= 0")
        self.flopsPerSecond = flopsPerSecond
    }

    public static func tflops(_ value: Double) -> FLOPRate { FLOPRate(flopsPerSecond: value * 1e12) }

    /// TFLOPS (1e12 FLOP/s), the unit of CSV columns named `tflops`.
    public var teraflopsPerSecond: Double { flopsPerSecond / 1e12 }

    /// The shortest time, rounded up to a picosecond, in which `work` can be done at this rate.
    public func computeTime(_ work: FLOPCount) -> SimTime {
        precondition(flopsPerSecond > 0, "compute at zero FLOP rate never ends")
        return SimTime(picosecondsRoundingUp: Double(work.flops) * 1e12 / flopsPerSecond)
    }

    /// The rate that does `work` in `time`.
    public static func achieved(_ work: FLOPCount, in time: SimTime) -> FLOPRate {
        precondition(time.picoseconds > 0, "achieved FLOP rate needs a positive duration")
        return FLOPRate(flopsPerSecond: Double(work.flops) / time.seconds)
    }

    /// The ridge point of a roofline: the Op/B at which this rate meets `bandwidth`.
    public func ridgePoint(_ bandwidth: Bandwidth) -> Double { flopsPerSecond / bandwidth.bytesPerSecond }

    public static func < (lhs: FLOPRate, rhs: FLOPRate) -> Bool { lhs.flopsPerSecond < rhs.flopsPerSecond }
    public static func * (lhs: FLOPRate, rhs: Double) -> FLOPRate { FLOPRate(flopsPerSecond: lhs.flopsPerSecond * rhs) }
}

extension FLOPRate: CustomStringConvertible {
    static let units: [ScaledUnit] = [
        .init(symbol: "FLOPS", factor: 1), .init(symbol: "KFLOPS", factor: 1e3), .init(symbol: "MFLOPS", factor: 1e6),
        .init(symbol: "GFLOPS", factor: 1e9), .init(symbol: "TFLOPS", factor: 1e12), .init(symbol: "PFLOPS", factor: 1e15),
    ]
    static let countUnits: [ScaledUnit] = [
        .init(symbol: "FLOP", factor: 1), .init(symbol: "KFLOP", factor: 1e3), .init(symbol: "MFLOP", factor: 1e6),
        .init(symbol: "GFLOP", factor: 1e9), .init(symbol: "TFLOP", factor: 1e12), .init(symbol: "PFLOP", factor: 1e15),
    ]

    public var description: String { ScaledUnit.format(flopsPerSecond, units: FLOPRate.units) }

    /// Reads "989.4TFLOPS", "21.3TFLOPS", "650GFLOPS".
    public init(parsing text: String) throws {
        let value = try ScaledUnit.parse(text, quantity: "FLOP rate", units: FLOPRate.units)
        guard value >= 0 else {
            throw UnitParseError(input: text, quantity: "FLOP rate", reason: "must not be negative", acceptedUnits: FLOPRate.units.map(\.symbol))
        }
        self.init(flopsPerSecond: value)
    }
}
