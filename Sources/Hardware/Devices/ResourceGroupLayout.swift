import SimKernel

/// Where the booking groups of a workspace's devices lie in its `ResourceGroups`: the same
/// resources as `DeviceResources.xpuBookings`, `tileBookings` and `softmax`, registered once in
/// this order so that a group's index is arithmetic on (device, stack, space mask):
///
/// - xPU groups: per device, per mask 1 ..< 2^spaces (the xPU with the mask's bundles on every stack);
/// - tile groups (with a memory-side processor): per device, stack, mask (the stack's units with
///   its bundles of the mask);
/// - softmax groups (likewise): per device and stack.
struct ResourceGroupLayout {
    let devices: Int
    let stacks: Int
    /// Non-empty masks per device (2^spaces - 1).
    let masks: Int

    init(devices: Int, stacks: Int, spaces: Int) {
        self.devices = devices
        self.stacks = stacks
        masks = (1 << spaces) - 1
    }

    /// Registers the groups of `resources` (one per device, in device order) in `groups`, which
    /// must be empty.
    func register(_ resources: [DeviceResources], in groups: ResourceGroups) {
        precondition(groups.count == 0 && resources.count == devices, "a fresh table for every device")
        for d in resources { for mask in 1...masks { groups.add(d.xpuBookings[mask]) } }
        guard resources.allSatisfy({ !$0.modules.isEmpty }) else { return }
        for d in resources { for s in 0..<stacks { for mask in 1...masks { groups.add(d.tileBookings[s][mask]) } } }
        for d in resources { for s in 0..<stacks { groups.add([d.softmax[s]]) } }
    }

    @inline(__always)
    func xpuGroup(device: Int, mask: Int) -> Int { device * masks + mask - 1 }

    @inline(__always)
    func tileGroup(device: Int, stack: Int, mask: Int) -> Int { devices * masks + (device * stacks + stack) * masks + mask - 1 }

    @inline(__always)
    func softmaxGroup(device: Int, stack: Int) -> Int { devices * masks * (1 + stacks) + device * stacks + stack }
}
