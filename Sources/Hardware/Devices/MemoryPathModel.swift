import Units

/// The memory side of one device as the transaction-level model sees it: stacks, bank-bundle
/// spaces per pseudo-channel, the row size that sets activation counts, and the per-stack rate of
/// each access path.
///
/// `analytic(device:organization:)` takes peaks from the system config (efficiency 1, no
/// latency); `DRAMPathCalibration` (with the DRAM module) replaces the rates by ones measured on
/// the command-level HBM model. Tiles read their cost from `rate(for:)`.
public struct MemoryPathModel: Sendable, Equatable {
    /// HBM stacks per device.
    public let stacks: Int
    /// Bank bundles per pseudo-channel (ranks x bundles per rank): the memory spaces that xPU
    /// and memory-side-processor tiles contend for (shared/reference/duplex-system.md: 4).
    public let bundleSpaces: Int
    /// Bytes opened by one bank activation (one pseudo-channel bank row, 1 KB in HBM3).
    public let rowBytes: ByteCount
    /// The xPU's path (through the pseudo-channel buses and the interposer).
    public let xpu: MemoryPathRate
    /// The memory-side processor's path (bank bundles through the extra TSVs, or in-die) when a
    /// tile's data sits in one bundle space per pseudo-channel; nil for a plain GPU.
    public let memoryProcessor: MemoryPathRate?
    /// The same when a tile's data is striped over several bundle spaces (bundles interleave and
    /// hide each other's activations).
    public let memoryProcessorInterleaved: MemoryPathRate?
    /// Where the rates come from, for reports ("peak", "DRAM model hbm3-5.2").
    public let source: String

    public init(stacks: Int, bundleSpaces: Int, rowBytes: ByteCount, xpu: MemoryPathRate,
                memoryProcessor: MemoryPathRate?, memoryProcessorInterleaved: MemoryPathRate? = nil, source: String) {
        precondition(stacks >= 1 && bundleSpaces >= 2, "a device needs stacks and at least two bundle spaces")
        precondition(rowBytes.bytes > 0, "row size must be positive")
        self.stacks = stacks
        self.bundleSpaces = bundleSpaces
        self.rowBytes = rowBytes
        self.xpu = xpu
        self.memoryProcessor = memoryProcessor
        self.memoryProcessorInterleaved = memoryProcessorInterleaved ?? memoryProcessor
        self.source = source
    }

    /// Peak rates from the config: the xPU gets peak HBM bandwidth / stacks per stack; the
    /// memory-side processor its internal bandwidth / stacks. `bundleSpaces` and `rowBytes`
    /// come from the HBM organisation.
    public static func analytic(device: DeviceConfig, bundleSpaces: Int, rowBytes: ByteCount) -> MemoryPathModel {
        let stacks = device.xpu.hbmStacks.value
        let xpu = MemoryPathRate(bandwidthPerStack: device.xpu.peakHBMBandwidth.value * (1 / Double(stacks)))
        let pim = device.memoryProcessorInternalBandwidth.map { MemoryPathRate(bandwidthPerStack: $0 * (1 / Double(stacks))) }
        return MemoryPathModel(stacks: stacks, bundleSpaces: bundleSpaces, rowBytes: rowBytes, xpu: xpu,
                               memoryProcessor: pim, source: "peak (analytic, efficiency 1)")
    }

    /// The path `unit` reads and writes through, for data in one bundle space or striped over
    /// several (`interleaved`).
    public func rate(for unit: ExecutionUnit, interleaved: Bool = false) -> MemoryPathRate {
        if unit.isMemoryProcessor {
            guard let single = memoryProcessor, let striped = memoryProcessorInterleaved else {
                preconditionFailure("no memory-side processor in this device")
            }
            return interleaved ? striped : single
        }
        return xpu
    }

    /// Row activations needed to stream `bytes` with every opened row used in full.
    public func activations(_ bytes: ByteCount) -> Int64 {
        (bytes.bytes + rowBytes.bytes - 1) / rowBytes.bytes
    }
}
