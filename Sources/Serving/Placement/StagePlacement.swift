import Hardware
/// The placement of every operator of one stage, in the order of the stage's operator list.
public struct StagePlacement: Hashable, Sendable {
    /// `assignments[i]` places operator i of the stage.
    public let assignments: [OperatorPlacement]
    /// Whether operators on different units may run at the same time when their dependencies allow
    /// (co-processing). When false, one unit is active at a time (plain Duplex).
    public let coProcessing: Bool
    /// Expert FFN operators that expert co-processing placed on the PIM in the whole stage (0 for
    /// other policies), for reports.
    public let pimExperts: Int

    public init(assignments: [OperatorPlacement], coProcessing: Bool, pimExperts: Int = 0) {
        self.assignments = assignments
        self.coProcessing = coProcessing
        self.pimExperts = pimExperts
    }
}
