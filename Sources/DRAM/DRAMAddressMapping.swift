/// How a physical byte address splits into channel, rank, bank, row and column bits.
///
/// Written most-significant field first, like Ramulator's names: the default `RoBaRaCoCh` puts
/// the pseudo-channel (channel and pseudo-channel bits, "Ch") just above the access offset, then
/// the column, rank, bank (bank-group bits below bank bits, as Ramulator2 orders its levels) and
/// the row at the top. Fields: `Ro`, `Ba`, `Ra`, `Co`, `Ch`, optionally `Bg` to place the
/// bank-group bits separately from `Ba`. Every field count must be a power of two, except the
/// row count when `Ro` is the most significant field (addresses beyond the capacity wrap).
public struct DRAMAddressMapping: Hashable, Sendable, CustomStringConvertible {
    public enum Field: String, CaseIterable, Sendable { case Ro, Bg, Ba, Ra, Co, Ch }

    /// Fields from most to least significant.
    public let fields: [Field]

    public static let roBaRaCoCh = DRAMAddressMapping(validated: [.Ro, .Ba, .Ra, .Co, .Ch])

    init(validated fields: [Field]) { self.fields = fields }

    /// Reads a name such as "RoBaRaCoCh" or "RoRaBgBaCoCh".
    public init(parsing text: String) throws(DRAMMappingError) {
        var rest = Substring(text)
        var fields: [Field] = []
        while !rest.isEmpty {
            guard rest.count >= 2, let f = Field(rawValue: String(rest.prefix(2))) else {
                throw DRAMMappingError(text: text, reason: "\"\(rest.prefix(2))\" is not a field; fields: Ro, Bg, Ba, Ra, Co, Ch")
            }
            guard !fields.contains(f) else { throw DRAMMappingError(text: text, reason: "field \(f.rawValue) appears twice") }
            fields.append(f)
            rest = rest.dropFirst(2)
        }
        for f in [Field.Ro, .Ba, .Ra, .Co, .Ch] where !fields.contains(f) {
            throw DRAMMappingError(text: text, reason: "field \(f.rawValue) is missing")
        }
        self.fields = fields
    }

    public var description: String { fields.map(\.rawValue).joined() }

    /// Bits of each field for an organisation; throws when a count is not a power of two.
    func bits(_ o: DRAMOrganization) throws(DRAMMappingError) -> [Field: Int] {
        func log2(_ n: Int, _ what: String) throws(DRAMMappingError) -> Int {
            guard n > 0, n & (n - 1) == 0 else {
                throw DRAMMappingError(text: description, reason: "\(what) = \(n) is not a power of two")
            }
            return n.trailingZeroBitCount
        }
        let separateGroups = fields.contains(.Bg)
        // The most significant field may have any count (HBM3E 24 Gb dies: 24576 rows): it takes
        // the remaining high bits, wrapped to its count.
        let top = fields.first!
        let rowBits = top == .Ro ? (o.rows - 1).bitWidth - (o.rows - 1).leadingZeroBitCount : try log2(o.rows, "rows")
        return [
            .Ro: rowBits, .Ra: try log2(o.ranks, "ranks"), .Co: try log2(o.columns, "columns"),
            .Ch: try log2(o.pseudoChannels, "pseudo-channels"),
            .Bg: separateGroups ? try log2(o.bankGroups, "bank groups") : 0,
            .Ba: separateGroups ? try log2(o.banksPerBankGroup, "banks per group") : try log2(o.banksPerRank, "banks per rank"),
        ]
    }

    /// The location of byte `address` (taken modulo the capacity).
    public func decode(_ address: UInt64, _ o: DRAMOrganization) throws(DRAMMappingError) -> DRAMLocation {
        try decoder(for: o).decode(address)
    }

    /// A decoder with the field widths resolved once (for decoding many addresses).
    public func decoder(for o: DRAMOrganization) throws(DRAMMappingError) -> Decoder {
        let widths = try bits(o)
        let order = Array(fields.reversed())
        return Decoder(order: order, widths: order.map { widths[$0] ?? 0 }, offsetBits: o.accessBytes.bytes.trailingZeroBitCount,
                       separateGroups: fields.contains(.Bg), bankGroups: o.bankGroups, rows: o.rows)
    }

    /// Splits addresses with precomputed field widths.
    public struct Decoder: Sendable {
        let order: [Field]
        let widths: [Int]
        let offsetBits: Int
        let separateGroups: Bool
        let bankGroups: Int
        let rows: Int

        public func decode(_ address: UInt64) -> DRAMLocation {
            var a = address >> UInt64(offsetBits)
            var ro = 0, bg = 0, ba = 0, ra = 0, co = 0, ch = 0
            for (f, w) in zip(order, widths) {
                let v = Int(a & ((1 << UInt64(w)) - 1))
                a >>= UInt64(w)
                switch f {
                case .Ro: ro = v
                case .Bg: bg = v
                case .Ba: ba = v
                case .Ra: ra = v
                case .Co: co = v
                case .Ch: ch = v
                }
            }
            if !separateGroups { bg = ba % bankGroups; ba /= bankGroups }
            ro %= rows
            return DRAMLocation(pseudoChannel: ch, rank: ra, bankGroup: bg, bank: ba, row: ro, column: co)
        }
    }
}

/// An address mapping that cannot be used.
public struct DRAMMappingError: Error, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "address mapping \"\(text)\": \(reason)" }
}
