import Foundation
import Hardware
import Units
import Workloads

/// Request arrivals read from a CSV file with the header `arrival_s,input_tokens,output_tokens`:
/// arrival time in seconds (non-negative, non-decreasing down the file) and the request's Lin and
/// Lout (whole numbers >= 1). Errors name the file, the line and the column.
public struct RequestTraceFile: Hashable, Sendable {
    /// The file, for reports.
    public let path: String
    /// One entry per data row, in file order.
    public let entries: [Entry]

    public struct Entry: Hashable, Sendable {
        public let arrival: SimTime
        public let inputTokens: Int
        public let outputTokens: Int
    }

    /// The required header.
    public static let columns = ["arrival_s", "input_tokens", "output_tokens"]

    public init(path: String, entries: [Entry]) {
        self.path = path
        self.entries = entries
    }

    /// Reads and checks `url`.
    public static func load(_ url: URL) throws(WorkloadInputError) -> RequestTraceFile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw WorkloadInputError(source: url.path, field: "", reason: "cannot read the request trace (\(error.localizedDescription))")
        }
        return try parse(text, file: url.path)
    }

    /// Parses CSV `text`; `file` names the source in errors. Reports every bad cell.
    public static func parse(_ text: String, file: String) throws(WorkloadInputError) -> RequestTraceFile {
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text, file: file)
            try table.requireHeader(columns)
        } catch {
            throw WorkloadInputError(source: error.line.map { "\(file):\($0)" } ?? file, field: error.column ?? "", reason: error.reason)
        }
        var problems: [InputProblem] = []
        var entries: [Entry] = []
        var previous = SimTime.zero
        for row in table.rows.indices {
            let source = "\(file):\(table.lineNumbers[row])"
            let arrivalText = table.cell(row, "arrival_s")
            var arrival: SimTime?
            if let seconds = Double(arrivalText), seconds.isFinite, seconds >= 0 {
                let time = SimTime(seconds: seconds)
                if time < previous {
                    problems.append(InputProblem(source: source, field: "arrival_s", reason: "\(arrivalText) is earlier than the previous row's arrival; rows must be in arrival order"))
                } else {
                    arrival = time
                    previous = time
                }
            } else {
                problems.append(InputProblem(source: source, field: "arrival_s", reason: "\"\(arrivalText)\" is not a non-negative number of seconds"))
            }
            func tokens(_ column: String) -> Int? {
                let cell = table.cell(row, column)
                guard let value = Int(cell), value >= 1 else {
                    problems.append(InputProblem(source: source, field: column, reason: "\"\(cell)\" is not a whole number >= 1"))
                    return nil
                }
                return value
            }
            let input = tokens("input_tokens"), output = tokens("output_tokens")
            if let arrival, let input, let output {
                entries.append(Entry(arrival: arrival, inputTokens: input, outputTokens: output))
            }
        }
        if table.rows.isEmpty { problems.append(InputProblem(source: file, field: "", reason: "no requests (only a header)")) }
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        return RequestTraceFile(path: file, entries: entries)
    }
}
