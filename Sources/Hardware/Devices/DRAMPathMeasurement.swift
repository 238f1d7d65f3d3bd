import DRAM
import Units

/// Measures how long one stack takes to stream a tile through an access path on the
/// command-level HBM model (issue 4): `DRAMStack.run` on the DRAM module's synthetic patterns,
/// all requests offered at time 0 (saturation), refresh on.
///
/// Patterns: the xPU path streams 32 B column reads over the address map (`stream`); Logic-PIM
/// and BankGroup-PIM stream bank-bundle reads through rows of one bundle per pseudo-channel
/// (`pim-bundle`, `bundles: 1`: data of one bundle space, the xPU keeps the others) or of all
/// bundles (data striped over the spaces); Bank-PIM streams all-bank reads (`pim-allbank`).
public struct DRAMPathMeasurement: Sendable {
    public let preset: DRAMPreset
    public let controller: DRAMControllerConfig

    public init(preset: DRAMPreset, controller: DRAMControllerConfig = DRAMControllerConfig()) {
        self.preset = preset
        self.controller = controller
    }

    /// The DRAM module's access path of a unit.
    static func path(of unit: ExecutionUnit) -> DRAMAccessPath {
        switch unit {
        case .xpu, .network: .xpu
        case .logicPIM: .logicPIM
        case .bankGroupPIM: .bankGroupPIM
        case .bankPIM: .bankPIM
        }
    }

    /// The requests that stream `bytes` into one stack through `unit`'s path; bundle patterns
    /// use `bundles` bundles per pseudo-channel (1: one bundle space; more: striped).
    public func requests(unit: ExecutionUnit, bytes: ByteCount, bundles: Int = 1) -> [DRAMRequest] {
        let path = DRAMPathMeasurement.path(of: unit)
        let pattern: DRAMTrafficPattern
        switch path {
        case .xpu: pattern = .stream
        case .logicPIM, .bankGroupPIM: pattern = .pimBundle
        case .bankPIM: pattern = .pimAllBank
        }
        let generator = DRAMTrafficGenerator(organization: preset.organization, bundles: bundles,
                                             bundlePath: path == .bankGroupPIM ? .bankGroupPIM : .logicPIM)
        do {
            return try generator.requests(pattern, bytes: bytes)
        } catch {
            preconditionFailure("the default address mapping fits every valid preset: \(error)")
        }
    }

    /// Time for one stack to stream `bytes` (rounded down to whole requests) through `unit`'s path.
    public func time(unit: ExecutionUnit, bytes: ByteCount, bundles: Int = 1) -> SimTime {
        DRAMStack(preset: preset, config: controller).run(requests(unit: unit, bytes: bytes, bundles: bundles)).duration
    }

    /// Bytes one request of `unit`'s pattern moves (tiles are measured in whole requests).
    public func requestBytes(unit: ExecutionUnit) -> ByteCount {
        let o = preset.organization
        switch DRAMPathMeasurement.path(of: unit) {
        case .xpu: return o.accessBytes
        case .logicPIM, .bankGroupPIM: return o.accessBytes * Int64(o.banksPerBundle)
        case .bankPIM: return o.accessBytes * Int64(o.banksPerRank)
        }
    }
}
