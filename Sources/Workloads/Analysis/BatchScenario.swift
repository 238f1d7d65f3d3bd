/// The stages the Op/B analysis and the trace command build from a nominal batch.
///
/// Steady state of a closed loop with prompt length `inputLength` and `outputLength` generated
/// tokens per request: request i of B has generated g_i = 1 + floor(i * (outputLength - 1) / B)
/// tokens (the prefill produced the first), so its decode step feeds token g_i and its context is
/// inputLength + g_i: contexts spread evenly over the generation, as in a long-running batch.
public struct BatchScenario: Hashable, Sendable {
    public var batch: Int
    public var inputLength: Int
    public var outputLength: Int

    public init(batch: Int, inputLength: Int, outputLength: Int) {
        precondition(batch >= 1 && inputLength >= 1 && outputLength >= 1, "batch and lengths must be positive")
        self.batch = batch
        self.inputLength = inputLength
        self.outputLength = outputLength
    }

    /// A decode-only stage: every request does one decode step, request i with context
    /// inputLength + g_i.
    public func decodeStage(index: Int) -> Stage {
        Stage(index: index, requests: (0..<batch).map { i in
            .decode(id: i, context: decodeContext(i))
        })
    }

    /// The context of request i's decode step in the steady state (see the type's documentation).
    public func decodeContext(_ i: Int) -> Int { inputLength + 1 + i * (outputLength - 1) / batch }

    /// A mixed stage: request 0 is a newly admitted prompt (prefill of inputLength tokens), the
    /// other B-1 decode as in `decodeStage`.
    public func mixedStage(index: Int) -> Stage {
        Stage(index: index, requests: (0..<batch).map { i in
            i == 0 ? .prefill(id: 0, tokens: inputLength) : .decode(id: i, context: decodeContext(i))
        })
    }

    /// The stages of a simple closed loop: all B requests start together with their prefill in
    /// stage 0, decode `outputLength - 1` steps (the prefill produces the first token), and are
    /// then replaced by new requests (new ids) whose prefill runs in the next stage.
    public func closedLoopStages(count: Int) -> [Stage] {
        precondition(count >= 0, "stage count must not be negative")
        var stages: [Stage] = []
        var nextID = batch
        var slots: [(id: Int, generated: Int)] = (0..<batch).map { ($0, 0) }
        for index in 0..<count {
            var requests: [StageRequest] = []
            for slot in slots.indices {
                if slots[slot].generated == 0 {
                    requests.append(.prefill(id: slots[slot].id, tokens: inputLength))
                } else {
                    requests.append(.decode(id: slots[slot].id, context: inputLength + slots[slot].generated))
                }
                slots[slot].generated += 1
                if slots[slot].generated == outputLength {
                    slots[slot] = (nextID, 0)
                    nextID += 1
                }
            }
            stages.append(Stage(index: index, requests: requests))
        }
        return stages
    }
}
