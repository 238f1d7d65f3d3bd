import Foundation

/// A one-line progress report on standard error for runs longer than `delay`, redrawn in place
/// at most every `interval`; silent when standard error is not a terminal (piped or redirected).
struct ProgressLine {
    let label: String
    /// Runs shorter than this print nothing.
    static let delay = 1.0
    /// Seconds between redraws.
    static let interval = 0.2
    private let start = Date()
    private var lastDraw: Date?
    private let enabled = isatty(STDERR_FILENO) != 0

    init(label: String) { self.label = label }

    mutating func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed >= ProgressLine.delay else { return }
        if let lastDraw, now.timeIntervalSince(lastDraw) < ProgressLine.interval { return }
        lastDraw = now
        let text = String(format: "\r%@: %d / %d requests finished, %.1f s", label, done, total, elapsed)
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        guard enabled, lastDraw != nil else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
