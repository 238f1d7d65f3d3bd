import Foundation

/// A CSV file as header + rows of strings (RFC 4180: quoted fields may hold commas, quotes as "").
///
/// Reading checks that every row has as many fields as the header; cell lookups by column name
/// fail with the file, line and column.
public struct CSVTable: Sendable, Equatable {
    /// File name for errors.
    public let file: String
    public let header: [String]
    /// Data rows (the header excluded), each with `header.count` fields.
    public let rows: [[String]]
    /// The 1-based file line of each row.
    public let lineNumbers: [Int]

    public init(file: String, header: [String], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == header.count }, "every CSV row needs \(header.count) fields")
        self.file = file
        self.header = header
        self.rows = rows
        self.lineNumbers = rows.indices.map { $0 + 2 }
    }

    /// Parses `text`; blank lines are skipped.
    public init(parsing text: String, file: String) throws(CalibrationDataError) {
        var records: [(line: Int, fields: [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var fieldStarted = false
        var characters = Array(text.unicodeScalars)
        characters.append("\n")
        var index = 0
        while index < characters.count {
            let c = characters[index]
            if inQuotes {
                if c == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
                fieldStarted = true
            } else if c == "," {
                fields.append(field)
                field = ""
                fieldStarted = true
            } else if c == "\n" || c == "\r" {
                if c == "\r", index + 1 < characters.count, characters[index + 1] == "\n" { index += 1 }
                if fieldStarted || !field.isEmpty || !fields.isEmpty {
                    fields.append(field)
                    records.append((recordLine, fields))
                }
                fields = []
                field = ""
                fieldStarted = false
                line += 1
                recordLine = line
            } else {
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
            index += 1
        }
        if inQuotes { throw CalibrationDataError(file: file, line: recordLine, reason: "unterminated quoted field") }
        guard let first = records.first else { throw CalibrationDataError(file: file, reason: "empty file (no header)") }
        header = first.fields
        var body: [[String]] = []
        var lines: [Int] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                throw CalibrationDataError(file: file, line: record.line,
                                           reason: "\(record.fields.count) fields, the header has \(header.count)")
            }
            body.append(record.fields)
            lines.append(record.line)
        }
        self.file = file
        self.rows = body
        self.lineNumbers = lines
    }

    /// Reads a CSV file.
    public static func load(_ url: URL) throws(CalibrationDataError) -> CSVTable {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CalibrationDataError(file: url.path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try CSVTable(parsing: text, file: url.path)
    }

    /// Checks that the header is exactly `columns` (order included).
    public func requireHeader(_ columns: [String]) throws(CalibrationDataError) {
        guard header == columns else {
            throw CalibrationDataError(file: file, line: 1,
                reason: "header is \(header.joined(separator: ",")); expected \(columns.joined(separator: ","))")
        }
    }

    /// Row `row`'s cell in `column` (the header must hold the column).
    public func cell(_ row: Int, _ column: String) -> String {
        guard let index = header.firstIndex(of: column) else { preconditionFailure("no column \(column) in \(file)") }
        return rows[row][index]
    }

    /// A required, non-empty cell.
    public func text(_ row: Int, _ column: String) throws(CalibrationDataError) -> String {
        let value = cell(row, column)
        guard !value.isEmpty else {
            throw CalibrationDataError(file: file, line: lineNumbers[row], column: column, reason: "must not be empty")
        }
        return value
    }

    /// A required number.
    public func number(_ row: Int, _ column: String) throws(CalibrationDataError) -> Double {
        let value = try text(row, column)
        guard let number = Double(value), number.isFinite else {
            throw CalibrationDataError(file: file, line: lineNumbers[row], column: column, reason: "\"\(value)\" is not a number")
        }
        return number
    }

    /// An optional whole number (empty means nil).
    public func optionalInteger(_ row: Int, _ column: String) throws(CalibrationDataError) -> Int64? {
        let value = cell(row, column)
        if value.isEmpty { return nil }
        guard let number = Int64(value) else {
            throw CalibrationDataError(file: file, line: lineNumbers[row], column: column, reason: "\"\(value)\" is not a whole number")
        }
        return number
    }

    /// An optional number (empty means nil).
    public func optionalNumber(_ row: Int, _ column: String) throws(CalibrationDataError) -> Double? {
        cell(row, column).isEmpty ? nil : try number(row, column)
    }

    /// The table as CSV text, quoting fields that need it; ends with a newline.
    public func rendered() -> String {
        ([header] + rows).map { $0.map(CSVTable.quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(",") || field.contains("\"") || field.contains("\n") else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
