import SimKernel
import Units

/// Synthetic access patterns for `duplexsim dram`, the benchmarks and the fidelity tests.
public enum DRAMTrafficPattern: String, CaseIterable, Sendable {
    /// Sequential 32 B accesses from address 0 (xPU path).
    case stream
    /// Uniformly random 32 B-aligned addresses over the stack (xPU path).
    case random
    /// Address i x stride (xPU path).
    case strided
    /// Logic-PIM (or BankGroup-PIM) bank-bundle column reads/writes streaming through rows.
    case pimBundle = "pim-bundle"
    /// Bank-PIM all-bank column reads/writes streaming through rows of both ranks.
    case pimAllBank = "pim-allbank"
}

/// Builds request lists for a pattern. All requests arrive at cycle 0: the controller admits
/// them as its queues free up, so the run measures the stack at saturation (closed loop) and
/// latency is measured from queue entry.
public struct DRAMTrafficGenerator: Sendable {
    public var organization: DRAMOrganization
    public var mapping: DRAMAddressMapping
    /// Fraction of requests that are reads, drawn per request from `seed`.
    public var readRatio: Double
    public var seed: UInt64
    /// Address step of `strided`.
    public var stride: ByteCount
    /// Bundles per pseudo-channel used by `pim-bundle` (1 ... ranks x bundlesPerRank).
    public var bundles: Int
    /// Path of `pim-bundle` requests: `.logicPIM` or `.bankGroupPIM`.
    public var bundlePath: DRAMAccessPath

    public init(organization: DRAMOrganization, mapping: DRAMAddressMapping = .roBaRaCoCh, readRatio: Double = 1,
                seed: UInt64 = 1, stride: ByteCount = .kib(4), bundles: Int? = nil, bundlePath: DRAMAccessPath = .logicPIM) {
        precondition((0...1).contains(readRatio), "read ratio must be in [0, 1]")
        self.organization = organization
        self.mapping = mapping
        self.readRatio = readRatio
        self.seed = seed
        self.stride = stride
        self.bundles = bundles ?? organization.ranks * organization.bundlesPerRank
        self.bundlePath = bundlePath
        precondition(self.bundles >= 1 && self.bundles <= organization.ranks * organization.bundlesPerRank, "bundles out of range")
        precondition(bundlePath == .logicPIM || bundlePath == .bankGroupPIM, "bundle path must be Logic-PIM or BankGroup-PIM")
    }

    /// Bytes one request of `pattern` moves.
    public func requestBytes(_ pattern: DRAMTrafficPattern) -> ByteCount {
        switch pattern {
        case .stream, .random, .strided: organization.accessBytes
        case .pimBundle: organization.accessBytes * Int64(organization.banksPerBundle)
        case .pimAllBank: organization.accessBytes * Int64(organization.banksPerRank)
        }
    }

    /// Requests moving `bytes` (rounded down to whole requests) in `pattern`.
    public func requests(_ pattern: DRAMTrafficPattern, bytes: ByteCount) throws(DRAMMappingError) -> [DRAMRequest] {
        let o = organization
        let n = Int(bytes.bytes / requestBytes(pattern).bytes)
        var rng = SplitMix64(seed: seed)
        var result: [DRAMRequest] = []
        result.reserveCapacity(n)
        let capacityAccesses = UInt64(o.capacity.bytes / o.accessBytes.bytes)
        let pcs = o.pseudoChannels
        let decoder = try mapping.decoder(for: o)
        for k in 0..<n {
            let write = rng.nextUnitDouble() >= readRatio
            switch pattern {
            case .stream:
                result.append(DRAMRequest(isWrite: write, location: decoder.decode(UInt64(k) * UInt64(o.accessBytes.bytes))))
            case .random:
                let a = (rng.next() % capacityAccesses) * UInt64(o.accessBytes.bytes)
                result.append(DRAMRequest(isWrite: write, location: decoder.decode(a)))
            case .strided:
                let a = (UInt64(k) &* UInt64(stride.bytes)) % UInt64(o.capacity.bytes)
                result.append(DRAMRequest(isWrite: write, location: decoder.decode(a)))
            case .pimBundle:
                let j = k / pcs, column = j % o.columns, t = j / o.columns
                let slot = t % bundles, row = (t / bundles) % o.rows
                let rank = slot % o.ranks, bundle = slot / o.ranks
                result.append(DRAMRequest(isWrite: write, path: bundlePath, location: DRAMLocation(
                    pseudoChannel: k % pcs, rank: rank, bankGroup: 0, bank: bundle * o.bundleBanksPerBankGroup, row: row, column: column)))
            case .pimAllBank:
                let j = k / pcs, column = j % o.columns, t = j / o.columns
                let rank = t % o.ranks, row = (t / o.ranks) % o.rows
                result.append(DRAMRequest(isWrite: write, path: .bankPIM, location: DRAMLocation(
                    pseudoChannel: k % pcs, rank: rank, bankGroup: 0, bank: 0, row: row, column: column)))
            }
        }
        return result
    }
}
