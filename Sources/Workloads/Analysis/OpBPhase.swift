/// The stage type an Op/B analysis looks at.
public enum OpBPhase: String, Hashable, Sendable, CaseIterable {
    /// Every request decodes one token (`BatchScenario.decodeStage`).
    case decode
    /// One prefill plus B-1 decodes (`BatchScenario.mixedStage`).
    case mixed
}
