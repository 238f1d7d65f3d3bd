/// One piece of a split operator: where it runs and what it computes, plus (optionally) the
/// FLOPs and bytes the timing model charged for it, which must equal the executor's count.
public struct PlanFragment: Codable, Sendable, Equatable, Hashable {
    /// The unit kind that runs it.
    public var unit: ExecutionUnit
    /// The HBM stack (or device-local index of the unit instance) it runs on.
    public var stack: Int
    /// The iteration-space region it computes.
    public var region: FragmentRegion
    /// What the timing model charged for this fragment, if it reports it.
    public var charged: OperatorCost?

    public init(unit: ExecutionUnit, stack: Int, region: FragmentRegion, charged: OperatorCost? = nil) {
        self.unit = unit
        self.stack = stack
        self.region = region
        self.charged = charged
    }
}
