/// One row of the timing table: a command `following` issued to the same node of `level` as an
/// earlier command `preceding` must wait `latency` cycles after it.
///
/// With `window` w > 1 the rule bounds a rate instead: the following command must be at least
/// `latency` cycles after the w-th most recent preceding command at that node (tFAW: at most 4
/// activations in any nFAW window). `window` 1 is the plain pairwise rule.
public struct DRAMTimingRule: Hashable, Sendable, CustomStringConvertible {
    /// The parameter name the latency comes from, e.g. "tRCDRD" or "tCL+tBL+2-tCWL".
    public let name: String
    public let level: DRAMLevel
    public let preceding: DRAMCommand
    public let following: DRAMCommand
    /// Command-clock cycles.
    public let latency: Int64
    /// 1 for pairwise rules; w for "at most w preceding commands per `latency` cycles".
    public let window: Int

    public init(name: String, level: DRAMLevel, preceding: DRAMCommand, following: DRAMCommand,
                latency: Int64, window: Int = 1) {
        precondition(latency >= 0 && window >= 1, "timing rule \(name): latency must be >= 0 and window >= 1")
        self.name = name
        self.level = level
        self.preceding = preceding
        self.following = following
        self.latency = latency
        self.window = window
    }

    public var description: String {
        "\(name): \(preceding) -> \(following) same \(level) >= \(latency) tCK" + (window > 1 ? " (window \(window))" : "")
    }
}
