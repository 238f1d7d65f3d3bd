import Workloads

/// One data-driven placement rule: operators of `opClass` whose phase and stage match go to
/// `target`. Rules are tried in order; the first match wins.
public struct PlacementRule: Sendable, Hashable, Codable {
    /// Which attention/operator phase a rule matches.
    public enum Phase: String, Sendable, Hashable, Codable {
        /// Any operator.
        case any
        /// Attention with one new token per request (decode); for other classes: never.
        case decode
        /// Attention with more than one new token (prefill); for other classes: never.
        case prefill
    }

    /// Which stages a rule matches.
    public enum StageKind: String, Sendable, Hashable, Codable {
        case any
        /// A stage in which every request decodes (no prefill).
        case decodeOnly = "decode-only"
        /// A stage with at least one prefill.
        case mixed
    }

    public var opClass: OperatorClass
    public var phase: Phase
    public var stage: StageKind
    public var target: PlacementTarget

    public init(opClass: OperatorClass, phase: Phase = .any, stage: StageKind = .any, target: PlacementTarget) {
        self.opClass = opClass
        self.phase = phase
        self.stage = stage
        self.target = target
    }

    /// Whether `op` in a stage that is (or is not) decode-only matches this rule.
    public func matches(_ op: Operator, decodeOnlyStage: Bool) -> Bool {
        guard op.opClass == opClass else { return false }
        switch stage {
        case .any: break
        case .decodeOnly: if !decodeOnlyStage { return false }
        case .mixed: if decodeOnlyStage { return false }
        }
        switch phase {
        case .any: return true
        case .decode, .prefill:
            guard case .attention(let shape) = op.shape else { return false }
            return (shape.newTokens == 1) == (phase == .decode)
        }
    }
}
