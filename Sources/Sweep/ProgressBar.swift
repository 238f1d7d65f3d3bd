import Foundation

/// A one-line progress bar with ETA on standard error, drawn only when standard error is a
/// terminal (so logs and CSV on stdout are never polluted), redrawn at most 10 times a second.
struct ProgressBar {
    let total: Int
    /// Points already finished when the bar starts (kept by --resume): not part of the rate.
    var alreadyDone = 0
    let enabled: Bool
    let start: Date
    private var lastDraw: Date = .distantPast

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.start = Date()
    }

    mutating func update(done: Int, force: Bool = false) {
        guard enabled, total > 0 else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let fraction = Double(done) / Double(total)
        let width = 30
        let filled = Int(fraction * Double(width))
        let fresh = done - alreadyDone
        let eta = fresh <= 0 ? "--:--" : ProgressBar.clock(elapsed / Double(fresh) * Double(total - done))
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
            + "\(done)/\(total) \(String(format: "%5.1f", fraction * 100))% elapsed \(ProgressBar.clock(elapsed)) ETA \(eta)"
        FileHandle.standardError.write(Data(line.utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%02d:%02d", s / 60, s % 60)
    }
}
