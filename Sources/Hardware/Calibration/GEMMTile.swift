/// A thread-block (CTA) output tile of a tensor-core GEMM kernel: `rows` x `columns` of C.
public struct GEMMTile: Hashable, Sendable, CustomStringConvertible {
    public let rows: Int64
    public let columns: Int64

    public init(rows: Int64, columns: Int64) {
        precondition(rows > 0 && columns > 0, "a GEMM tile needs positive sides")
        self.rows = rows
        self.columns = columns
    }

    /// Reads "128x256".
    public init?(parsing text: Substring) {
        let parts = text.split(separator: "x")
        guard parts.count == 2, let r = Int64(parts[0]), let c = Int64(parts[1]), r > 0, c > 0 else { return nil }
        self.init(rows: r, columns: c)
    }

    public var description: String { "\(rows)x\(columns)" }
}
