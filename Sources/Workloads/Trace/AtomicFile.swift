import Foundation

/// Writes files atomically: the text goes to a temporary file in the same directory, which is
/// then renamed over the destination, so readers never see a half-written file.
public enum AtomicFile {
    public static func write(_ text: String, to file: URL) throws(WorkloadInputError) {
        do {
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw WorkloadInputError(source: file.path, field: "", reason: "cannot write the file (\(error.localizedDescription))")
        }
    }
}
