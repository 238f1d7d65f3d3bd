import Units

/// The organisation of one HBM stack: channel > pseudo-channel > rank > bank group > bank > row >
/// column, plus the bank bundles of the Duplex Logic-PIM design. Every count comes from a preset
/// with a source (see `DRAMPreset`).
public struct DRAMOrganization: Hashable, Sendable {
    /// Channels per stack (JESD238A: 16).
    public var channels: Int
    /// Pseudo-channels per channel (JESD238A: 2).
    public var pseudoChannelsPerChannel: Int
    /// Ranks (stack IDs) per pseudo-channel.
    public var ranks: Int
    /// Bank groups per rank of a pseudo-channel.
    public var bankGroups: Int
    /// Banks per bank group.
    public var banksPerBankGroup: Int
    /// Rows per bank.
    public var rows: Int
    /// Column accesses per row.
    public var columns: Int
    /// Bytes moved by one column access of one bank (32 B for HBM3 BL8 on 32 DQ).
    public var accessBytes: ByteCount
    /// Data pins of one pseudo-channel.
    public var dqBitsPerPseudoChannel: Int
    /// Bank bundles per rank of a pseudo-channel (Duplex: 2 bundles of 8 banks).
    public var bundlesPerRank: Int
    /// Data rate of one pin, as a bandwidth (bits per second / 8).
    public var dataRatePerPin: Bandwidth
    /// The command clock (tCK = 1 / frequency).
    public var commandClock: Frequency

    /// All pseudo-channels of the stack.
    public var pseudoChannels: Int { channels * pseudoChannelsPerChannel }
    /// Banks of one rank of one pseudo-channel.
    public var banksPerRank: Int { bankGroups * banksPerBankGroup }
    /// Banks of one pseudo-channel (all ranks).
    public var banksPerPseudoChannel: Int { ranks * banksPerRank }
    /// Banks in one bank bundle.
    public var banksPerBundle: Int { banksPerRank / bundlesPerRank }
    /// Banks of one bank group that belong to one bundle.
    public var bundleBanksPerBankGroup: Int { banksPerBankGroup / bundlesPerRank }
    /// The bundle a bank (index within its bank group) belongs to: banks 0..k-1 of every bank
    /// group form bundle 0, the next k bundle 1 (k = `bundleBanksPerBankGroup`).
    public func bundle(ofBankInGroup bank: Int) -> Int { bank / bundleBanksPerBankGroup }
    /// Bytes of one row of one bank.
    public var rowBytes: ByteCount { accessBytes * Int64(columns) }
    /// Capacity of the stack.
    public var capacity: ByteCount {
        ByteCount(bytes: Int64(pseudoChannels) * Int64(banksPerPseudoChannel) * Int64(rows) * rowBytes.bytes)
    }
    /// Peak external bandwidth of one pseudo-channel: pins x data rate.
    public var pseudoChannelPeakBandwidth: Bandwidth { dataRatePerPin * Double(dqBitsPerPseudoChannel) }
    /// Peak external bandwidth of the stack (665.6 GB/s for HBM3 at 5.2 Gb/s).
    public var stackPeakBandwidth: Bandwidth { pseudoChannelPeakBandwidth * Double(pseudoChannels) }
    /// The command clock as an exact clock domain.
    public var clock: ClockDomain { ClockDomain(name: "dram.tCK", frequency: commandClock) }
}
