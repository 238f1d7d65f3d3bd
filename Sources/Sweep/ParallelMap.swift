import Foundation

/// Computes `count` independent values on up to `jobs` threads (Dispatch `concurrentPerform`;
/// workers take the next index under a lock) and keeps them by index, so the result never depends
/// on thread timing. A class so the workers share one result table; `@unchecked Sendable`
/// because every access to it is guarded by `lock`.
final class ParallelMap<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]
    private var cursor = 0

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    /// Runs `body` for every index in 0..<count.
    func run(jobs: Int, _ body: @Sendable (Int) -> Value) {
        precondition(jobs >= 1, "at least one job")
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(slots.count, 1))) { _ in
            while let index = take() {
                let value = body(index)
                lock.lock()
                slots[index] = value
                lock.unlock()
            }
        }
    }

    private func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard cursor < slots.count else { return nil }
        cursor += 1
        return cursor - 1
    }

    /// The values by index (every index must have run).
    var results: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { value in
            guard let value else { preconditionFailure("ParallelMap.results before every index ran") }
            return value
        }
    }
}
