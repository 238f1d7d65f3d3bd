import SimKernel

/// The shared servers of one device on the event kernel (transaction-level contention):
///
/// - `xpu`: the xPU's compute (one operator at a time, its calibrated time);
/// - `bundles[stack][space]`: bank bundle `space` of every pseudo-channel of `stack`; an xPU
///   operator books the bundles of the spaces its data lives in on every stack, a memory-side
///   tile books its stack's bundle, so the two serialise on a shared bundle and overlap on
///   different ones;
/// - `modules[stack]`: the stack's memory-side compute units (32 Logic-PIM GEMM modules, or the
///   bank/bank-group units) working together on one tile;
/// - `softmax[stack]`: the stack's softmax unit on the logic die;
/// - `nvlink`, `infiniband`: the device's outgoing link directions.
///
/// Statistics: `dev<d>.xpu`, `dev<d>.stack<s>.bundle<b>`, `dev<d>.stack<s>.modules`,
/// `dev<d>.stack<s>.softmax`, `dev<d>.nvlink`, `dev<d>.infiniband` (`.busy` ps, `.bookings`).
final class DeviceResources {
    let xpu: Resource
    let bundles: [[Resource]]
    let modules: [Resource]
    let softmax: [Resource]
    let nvlink: Resource
    let infiniband: Resource
    /// Precomputed xPU bookings: `xpuBookings[mask]` is the xPU plus the bundles of the spaces
    /// in `mask` on every stack (no allocation per operator).
    let xpuBookings: [[Resource]]
    /// Precomputed memory-side tile bookings: `tileBookings[stack][mask]` is the stack's units
    /// plus its bundles of the spaces in `mask`.
    let tileBookings: [[[Resource]]]
    /// Every resource of the device, in a fixed order (the same on every device of a system).
    let all: [Resource]

    init(device: Int, stacks: Int, spaces: Int, memoryProcessor: Bool, simulator: Simulator) {
        func make(_ name: String) -> Resource {
            do {
                return try Resource(name: "dev\(device).\(name)", simulator: simulator)
            } catch {
                preconditionFailure("resource names are unique by construction: \(error)")
            }
        }
        let xpu = make("xpu")
        let bundles = (0..<stacks).map { s in (0..<spaces).map { b in make("stack\(s).bundle\(b)") } }
        let modules = memoryProcessor ? (0..<stacks).map { make("stack\($0).modules") } : []
        self.xpu = xpu
        self.bundles = bundles
        self.modules = modules
        let softmax = memoryProcessor ? (0..<stacks).map { make("stack\($0).softmax") } : []
        let nvlink = make("nvlink"), infiniband = make("infiniband")
        self.softmax = softmax
        self.nvlink = nvlink
        self.infiniband = infiniband
        var bookings: [[Resource]] = [[]]
        for mask in 1..<(1 << spaces) {
            var list = [xpu]
            for s in 0..<stacks {
                for b in 0..<spaces where mask & (1 << b) != 0 { list.append(bundles[s][b]) }
            }
            bookings.append(list)
        }
        xpuBookings = bookings
        all = [xpu] + bundles.flatMap { $0 } + modules + softmax + [nvlink, infiniband]
        tileBookings = modules.indices.map { s in
            [[]] + (1..<(1 << spaces)).map { mask in
                [modules[s]] + (0..<spaces).filter { mask & (1 << $0) != 0 }.map { bundles[s][$0] }
            }
        }
    }
}
