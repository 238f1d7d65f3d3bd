/// A decoded, validated `opb` point: the stage workload, its roofline placement and units.
public struct OpBPoint: Equatable, Sendable {
    public var workload: StageWorkload
    public var placement: RooflinePlacement
    public var xpu: RooflineUnit
    /// Nil for a system without a memory-side processor.
    public var memoryProcessor: RooflineUnit?
}
