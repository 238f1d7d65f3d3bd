import Workloads

/// The phase of a stage's requests by id, for placing attention operators without hashing: the
/// builder emits each layer's attention operators in the stage's request order, so the next
/// request in order is tried first and a linear search is the fallback (any order still works).
struct RequestPhaseLookup {
    private let requests: [StageRequest]
    /// The position the next lookup tries first.
    private var next = 0

    init(_ requests: [StageRequest]) { self.requests = requests }

    /// The phase of request `id`, nil when it is not in the stage.
    mutating func phase(of id: Int) -> StageRequest.Phase? {
        guard !requests.isEmpty else { return nil }
        if next >= requests.count { next = 0 }
        if requests[next].id == id {
            next += 1
            return requests[next - 1].phase
        }
        guard let position = requests.firstIndex(where: { $0.id == id }) else { return nil }
        next = position + 1
        return requests[position].phase
    }
}
