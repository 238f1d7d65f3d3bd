import Foundation
import Hardware
import Workloads

/// File helpers of the sweep output: atomic writes (Workloads' `AtomicFile`: temporary file,
/// then rename) and the results table (Hardware's RFC 4180 `CSVTable`), with errors as
/// `SweepError`s naming the file.
public enum SweepFiles {
    /// Writes `text` to `file` atomically: a reader or a killed writer never leaves a torn file.
    public static func write(_ text: String, to file: URL) throws(SweepError) {
        do {
            try AtomicFile.write(text, to: file)
        } catch {
            throw SweepError(error.problems.map { SweepProblem(source: $0.source, path: "", reason: $0.reason) })
        }
    }

    /// Renders a CSV table (header first; fields quoted where needed; a final newline).
    public static func render(header: [String], rows: [[String]]) -> String {
        CSVTable(file: "", header: header, rows: rows).rendered()
    }

    /// Reads a CSV results file; a row whose field count differs from the header's is an error
    /// naming the file and line.
    public static func readTable(_ file: URL) throws(SweepError) -> CSVTable {
        do {
            return try CSVTable.load(file)
        } catch {
            throw SweepError(source: file.path, path: "", reason: "\(error)")
        }
    }

    /// Creates `directory` (and its parents) if needed.
    public static func makeDirectory(_ directory: URL) throws(SweepError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SweepError(source: directory.path, path: "", reason: "cannot create the directory (\(error.localizedDescription))")
        }
    }
}
