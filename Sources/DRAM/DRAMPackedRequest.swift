/// A `DRAMRequest` packed into 24 bytes for a controller's input stream.
///
/// `DRAMStack.run` reads the caller's list once and packs each request into a small staging
/// buffer of its pseudo-channel, which the controller consumes front to back (gathering 64-byte
/// requests scattered through the caller's list once made input loads, not the model, the
/// largest cost of a long run). The scope is decoded once, here.
struct DRAMPackedRequest {
    var arrivalCycle: Int64
    var row: Int32
    var column: UInt16
    var rank: UInt8
    var bankGroup: UInt8
    var bank: UInt8
    /// Bit 0: write; bits 1-3: `DRAMAccessPath.rawValue`; bits 4-5: the scope (0 bank, 1 bundle, 2 rank).
    var flags: UInt8

    /// The location bounds of an organization (`init(_:within:)`), as unsigned values so that one
    /// comparison per field also rejects a negative value.
    struct Limits {
        let ranks: UInt, bankGroups: UInt, banks: UInt, rows: UInt, columns: UInt

        init(_ o: DRAMOrganization) {
            // The packed fields hold every in-range value.
            precondition(o.ranks <= 256 && o.bankGroups <= 256 && o.banksPerBankGroup <= 256
                         && o.rows <= Int(Int32.max) && o.columns <= Int(UInt16.max) + 1, "DRAM: organization too large to pack")
            ranks = UInt(o.ranks)
            bankGroups = UInt(o.bankGroups)
            banks = UInt(o.banksPerBankGroup)
            rows = UInt(o.rows)
            columns = UInt(o.columns)
        }
    }

    /// Packs `r`, whose location must lie within `limits` (rank, bank group, bank in group, row,
    /// column; checked here, once per request, so the controller's admission needs no check).
    init(_ r: DRAMRequest, within limits: Limits) {
        let loc = r.location
        precondition(UInt(bitPattern: loc.rank) < limits.ranks && UInt(bitPattern: loc.bankGroup) < limits.bankGroups
                     && UInt(bitPattern: loc.bank) < limits.banks && UInt(bitPattern: loc.row) < limits.rows
                     && UInt(bitPattern: loc.column) < limits.columns,
                     "DRAM: request to rank \(loc.rank) bank group \(loc.bankGroup) bank \(loc.bank) row \(loc.row) column \(loc.column) is out of range")
        arrivalCycle = r.arrivalCycle
        row = Int32(truncatingIfNeeded: loc.row)
        column = UInt16(truncatingIfNeeded: loc.column)
        rank = UInt8(truncatingIfNeeded: loc.rank)
        bankGroup = UInt8(truncatingIfNeeded: loc.bankGroup)
        bank = UInt8(truncatingIfNeeded: loc.bank)
        let scope: UInt8 = switch r.scope {
        case .bank: 0
        case .bundle: 1
        case .rank: 2
        }
        flags = (r.isWrite ? 1 : 0) | UInt8(r.path.rawValue) << 1 | scope << 4
    }

    @inline(__always) var isWrite: Bool { flags & 1 != 0 }
    @inline(__always) var pathRaw: Int { Int(flags >> 1 & 7) }
    /// The scope of the commands that serve this request: 0 bank, 1 bundle, 2 rank.
    @inline(__always) var scopeRaw: Int { Int(flags >> 4) }
}
