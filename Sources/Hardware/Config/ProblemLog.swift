import Foundation

/// Collects the problems found while decoding one file, so that decoding reports all of them.
///
/// Passed to nested `init(from:)` through `Decoder.userInfo[.configProblems]`. Decoding is
/// single-threaded; the lock only makes the reference `Sendable` as `userInfo` requires.
final class ProblemLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [ConfigProblem] = []

    func add(_ problem: ConfigProblem) {
        lock.lock()
        storage.append(problem)
        lock.unlock()
    }

    var problems: [ConfigProblem] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

extension CodingUserInfoKey {
    /// The `ProblemLog` of the file being decoded.
    static let configProblems = CodingUserInfoKey(rawValue: "duplexsim.configProblems")!
}

/// Thrown by a nested decoder after its problems were recorded, so that enclosing objects skip
/// the field without recording it twice.
struct ProblemsRecorded: Error {}
