/// The Duplex paper's default deployment of each model (shared/reference/duplex-system.md,
/// "Default device counts"): Mixtral, OPT, Llama 3 on 1 node x 4 devices; GLaM 1 x 8;
/// Grok-1 2 x 8. Used as the CLI's default parallelism; other models default to one device.
public enum PaperDeployment {
    /// Devices per node (NVLink domain) of the paper's systems.
    public static let devicesPerNode = 8

    static let devicesByModel: [(model: String, devices: Int)] = [
        ("mixtral-8x7b", 4), ("glam-143b", 8), ("grok-1", 16), ("opt-66b", 4), ("llama3-70b", 4),
    ]

    /// The paper's device count for `model`, or 1 for models the paper does not run.
    public static func devices(for model: String) -> Int {
        devicesByModel.first { $0.model == model }?.devices ?? 1
    }

    /// The DeepSpeed-MoE plan for `devices` devices (paper default when nil).
    public static func plan(for model: ModelConfig, devices: Int? = nil) -> ParallelismPlan {
        .deepSpeedMoE(devices: devices ?? self.devices(for: model.name), devicesPerNode: devicesPerNode, model: model)
    }
}
