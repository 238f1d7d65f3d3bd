import Foundation

/// Runs the points of one shard of a plan in parallel and writes the tidy CSV.
///
/// Output directory: `manifest.json` (`SweepManifest`) and `results.csv` (header `point_id`,
/// axis columns, metric columns; one row per finished point, in point-index order). Rows depend
/// only on the points, never on `jobs` or thread timing, so the file is byte-identical whatever
/// `--jobs` is. `results.csv` is rewritten atomically (temporary file + rename) at most every
/// `checkpointInterval` seconds while points finish, when a point fails, and at the end, so a
/// killed sweep leaves the rows of an earlier checkpoint and never a torn row.
///
/// With `resume`, rows of an existing `results.csv` whose point id is a point of this shard are
/// kept and the point is not re-run; a point whose config changed has a new id, so it runs again;
/// rows of points no longer in the sweep are dropped. Without `resume`, an existing
/// `results.csv` is an error (nothing is overwritten by accident).
///
/// Parallelism: `jobs` workers (Dispatch `concurrentPerform`) take the next pending point under a
/// lock; each point runs alone with its own simulator state; the only shared state is the kind's
/// thread-safe memo caches and this runner's lock-guarded result table.
public struct SweepRunner<Kind: PointKind>: Sendable {
    public var plan: SweepPlan<Kind>
    public var directory: URL
    public var jobs: Int
    public var shard: Shard
    public var resume: Bool
    /// Seconds between checkpoints of `results.csv` while running (0: after every point).
    public var checkpointInterval: Double
    /// Draw a progress bar on standard error (only when it is a terminal).
    public var progress: Bool

    public init(plan: SweepPlan<Kind>, directory: URL, jobs: Int, shard: Shard = .whole, resume: Bool = false,
                checkpointInterval: Double = 1, progress: Bool = false) {
        precondition(jobs >= 1, "at least one job")
        self.plan = plan
        self.directory = directory
        self.jobs = jobs
        self.shard = shard
        self.resume = resume
        self.checkpointInterval = checkpointInterval
        self.progress = progress
    }

    public var resultsFile: URL { directory.appendingPathComponent(SweepManifest.resultsFileName) }

    public var manifest: SweepManifest {
        SweepManifest(name: plan.spec.name, kind: plan.kind.name, seed: plan.spec.seed, shard: shard,
                      header: plan.header, pointIDs: plan.points.map(\.id))
    }

    /// The points of this shard, in index order.
    public var shardPoints: [SweepPoint<Kind.Config>] { plan.points.filter { shard.contains(pointIndex: $0.index) } }

    public func run() throws(SweepError) -> SweepReport {
        let start = Date()
        try SweepFiles.makeDirectory(directory)
        let previous = try previousMetrics()
        try manifest.write(directory: directory)

        let points = shardPoints
        var pending: [Int] = []
        var kept: [Int: [String]] = [:]
        for (slot, point) in points.enumerated() {
            if let metrics = previous[point.id] {
                kept[slot] = [point.id] + point.axisCells + metrics
            } else {
                pending.append(slot)
            }
        }
        let reused = kept.count
        let state = RunState(header: plan.header, file: resultsFile, interval: checkpointInterval, rows: kept,
                             progress: ProgressBar(total: points.count, enabled: progress))
        let kind = plan.kind
        let workers = min(jobs, max(pending.count, 1))
        let queue = pending
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let slot = state.next(queue) {
                let point = points[slot]
                let label = "point \(point.index) (id \(point.id))"
                do throws(SweepError) {
                    let metrics = try kind.run(point.config, seed: point.seed, source: label)
                    precondition(metrics.count == kind.metricColumns.count,
                                 "\(kind.name) returned \(metrics.count) metric cells for \(kind.metricColumns.count) columns")
                    state.finish(slot: slot, row: [point.id] + point.axisCells + metrics)
                } catch {
                    state.fail(error)
                }
            }
        }
        try state.checkpoint()
        if let failure = state.firstFailure { throw failure }
        return SweepReport(shardPoints: points.count, reused: reused, ran: pending.count, wallSeconds: Date().timeIntervalSince(start),
                           caches: kind.cacheStatistics, resultsFile: resultsFile)
    }

    /// Metric cells by point id from an existing `results.csv` (empty when there is none).
    func previousMetrics() throws(SweepError) -> [String: [String]] {
        guard FileManager.default.fileExists(atPath: resultsFile.path) else { return [:] }
        guard resume else {
            throw SweepError(source: resultsFile.path, path: "",
                             reason: "already holds results; pass --resume to continue that sweep, or choose another --out directory")
        }
        let old = try SweepManifest.load(directory: directory)
        guard old.kind == plan.kind.name, old.seed == plan.spec.seed else {
            throw SweepError(source: directory.appendingPathComponent(SweepManifest.fileName).path, path: "",
                             reason: "holds a \(old.kind) sweep with seed \(old.seed); this sweep is \(plan.kind.name) with seed \(plan.spec.seed): use another --out directory")
        }
        let table = try SweepFiles.readTable(resultsFile)
        let metrics = plan.kind.metricColumns
        guard table.header.first == "point_id", table.header.count >= metrics.count + 1,
              Array(table.header.suffix(metrics.count)) == metrics else {
            throw SweepError(source: resultsFile.path, path: "",
                             reason: "header \(table.header.joined(separator: ",")) does not end with the \(plan.kind.name) metrics; use another --out directory")
        }
        var result: [String: [String]] = [:]
        for (row, cells) in table.rows.enumerated() {
            let id = cells[0]
            guard result[id] == nil else {
                throw SweepError(source: "\(resultsFile.path):\(table.lineNumbers[row])", path: "", reason: "point \(id) appears twice")
            }
            result[id] = Array(cells.suffix(metrics.count))
        }
        return result
    }
}

/// The shared, lock-guarded state of one run: which points are taken, the finished rows, the
/// first failure, the checkpoint clock and the progress bar.
final class RunState: @unchecked Sendable {
    private let lock = NSLock()
    let header: [String]
    let file: URL
    let interval: Double
    /// Rows by slot (position in the shard's points); absent while not finished.
    private var rows: [Int: [String]]
    private var done: Int
    private var failure: SweepError?
    private var cursor = 0
    private var lastCheckpoint = Date()
    private var progress: ProgressBar

    /// `rows`: the rows already finished (kept by --resume).
    init(header: [String], file: URL, interval: Double, rows: [Int: [String]], progress: ProgressBar) {
        self.header = header
        self.file = file
        self.interval = interval
        self.rows = rows
        self.done = rows.count
        self.progress = progress
        self.progress.alreadyDone = rows.count
    }

    /// The first point failure (or checkpoint failure), if any.
    var firstFailure: SweepError? {
        lock.lock()
        defer { lock.unlock() }
        return failure
    }

    /// The next pending slot, or nil when all are taken or a point failed.
    func next(_ pending: [Int]) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil, cursor < pending.count else { return nil }
        cursor += 1
        return pending[cursor - 1]
    }

    func finish(slot: Int, row: [String]) {
        lock.lock()
        defer { lock.unlock() }
        rows[slot] = row
        done += 1
        progress.update(done: done, force: done == progress.total)
        if Date().timeIntervalSince(lastCheckpoint) >= interval {
            do {
                try writeLocked()
            } catch {
                if failure == nil { failure = error }
            }
        }
    }

    func fail(_ error: SweepError) {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil { failure = error }
    }

    /// Writes the finished rows (in slot order) atomically.
    func checkpoint() throws(SweepError) {
        lock.lock()
        defer { lock.unlock() }
        try writeLocked()
    }

    private func writeLocked() throws(SweepError) {
        let ordered = rows.keys.sorted().map { rows[$0]! }
        try SweepFiles.write(SweepFiles.render(header: header, rows: ordered), to: file)
        lastCheckpoint = Date()
    }
}
