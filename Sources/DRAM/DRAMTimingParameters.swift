/// The timing parameters of a preset, all in command-clock cycles (tCK). Names follow the
/// reference (duplex-system.md) and Ramulator2's HBM3 model: `nX` is parameter tX in cycles.
/// A preset may give a value as a time ("450ns"); it is converted to cycles rounding up, so no
/// modelled operation is faster than the datasheet.
public struct DRAMTimingParameters: Hashable, Sendable {
    public var nBL: Int64, nCL: Int64, nRCDRD: Int64, nRCDWR: Int64, nRP: Int64, nRAS: Int64, nRC: Int64
    public var nWR: Int64, nRTPS: Int64, nRTPL: Int64, nCWL: Int64
    public var nCCDS: Int64, nCCDL: Int64, nRRDS: Int64, nRRDL: Int64
    public var nWTRS: Int64, nWTRL: Int64, nRTW: Int64, nFAW: Int64
    /// All-bank refresh cycle time (from tRFC in ns).
    public var nRFC: Int64
    /// Same-bank refresh parameters; listed by the reference, not used (all-bank refresh only).
    public var nRFCSB: Int64, nRREFD: Int64
    /// Average refresh interval per rank.
    public var nREFI: Int64
    /// Power-limited interval between all-bank (Bank-PIM) column commands (AttAcc nCCDAB).
    public var nCCDAB: Int64
    /// The constant of the read-to-write spacing nCL + nBL + gap - nCWL (reference: 2).
    public var nRDtoWRGap: Int64
    /// Row-command-bus occupancy of one row command.
    public var nRowCommandBus: Int64
    /// Column-command-bus occupancy of one column command.
    public var nColumnCommandBus: Int64

    /// Minimum read-to-write spacing on one rank: nCL + nBL + nRDtoWRGap - nCWL.
    public var readToWrite: Int64 { nCL + nBL + nRDtoWRGap - nCWL }
    /// Write-to-precharge: nCWL + nBL + nWR (write recovery after the last data).
    public var writeToPrecharge: Int64 { nCWL + nBL + nWR }
    /// Write-to-read on the same bank group: nCWL + nBL + nWTRL.
    public var writeToReadLong: Int64 { nCWL + nBL + nWTRL }
    /// Write-to-read on another bank group of the rank: nCWL + nBL + nWTRS.
    public var writeToReadShort: Int64 { nCWL + nBL + nWTRS }
}
