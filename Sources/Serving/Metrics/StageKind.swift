/// The two kinds of continuous-batching stage.
public enum StageKind: String, Hashable, Sendable, CaseIterable {
    /// Prefills of newly admitted requests plus one decode step of every running request.
    case mixed
    /// One decode step of every running request, no new request.
    case decode
}
