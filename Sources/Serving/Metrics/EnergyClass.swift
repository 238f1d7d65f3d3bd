import Workloads

/// The operator groups energy is reported by (reference: "split FC / attention / MoE").
///
/// FC holds every operator that is neither attention nor MoE: QKV and output projections, dense
/// FFNs, norms and the LM head. MoE holds the router and the experts. A collective belongs to the
/// group of the operator it follows: the all-reduce after an output projection or dense FFN to FC,
/// the all-to-alls and the expert all-reduce to MoE.
public enum EnergyClass: String, Hashable, Sendable, CaseIterable {
    case fc
    case attention
    case moe

    /// The class of every operator of a stage, in order.
    public static func classify(_ operators: [Operator]) -> [EnergyClass] {
        var previous = EnergyClass.fc
        return operators.map { op in
            switch op.opClass {
            case .attention: previous = .attention
            case .moe, .gate: previous = .moe
            case .fc, .norm, .lmHead: previous = .fc
            case .communication: break
            }
            return previous
        }
    }
}
