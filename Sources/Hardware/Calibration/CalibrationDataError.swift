/// A calibration file (CSV) that cannot be used: names the file, the line and column, and why.
public struct CalibrationDataError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based line number; nil for problems of the whole file.
    public let line: Int?
    /// The column name, when one is to blame.
    public let column: String?
    public let reason: String

    public init(file: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += " (column \(column))" }
        return "\(location): \(reason)"
    }
}
