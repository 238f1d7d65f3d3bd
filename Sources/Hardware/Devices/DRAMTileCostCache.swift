import Units

/// Tile times measured on the DRAM model once per access shape (unit, bytes per stack) and
/// cached by that key: the "measured" side of the tile-cost model, against which the calibrated
/// analytic rates (`MemoryPathModel.calibrated`) are checked. Owned by one caller (not shared
/// across threads).
public final class DRAMTileCostCache {
    /// One access shape: who streams, and how many bytes into one stack.
    public struct Shape: Hashable, Sendable {
        public var unit: ExecutionUnit
        public var bytes: ByteCount
        /// Bundles per pseudo-channel the data spans (1 = one bundle space).
        public var bundles: Int
        public init(unit: ExecutionUnit, bytes: ByteCount, bundles: Int = 1) { self.unit = unit; self.bytes = bytes; self.bundles = bundles }
    }

    public let measurement: DRAMPathMeasurement
    private var times: [Shape: SimTime] = [:]
    /// DRAM runs made so far (each shape once).
    public private(set) var runs = 0

    public init(measurement: DRAMPathMeasurement) { self.measurement = measurement }

    /// The measured time of `shape`, running the DRAM model on first use.
    public func time(_ shape: Shape) -> SimTime {
        if let known = times[shape] { return known }
        let measured = measurement.time(unit: shape.unit, bytes: shape.bytes, bundles: shape.bundles)
        times[shape] = measured
        runs += 1
        return measured
    }
}
