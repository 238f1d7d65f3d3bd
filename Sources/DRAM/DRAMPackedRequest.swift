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

    init(_ r: DRAMRequest) {
        let loc = r.location
        // One unsigned comparison per field (a negative value wraps above every bound); the
        // conversions below then cannot lose bits.
        precondition(UInt(bitPattern: loc.row) <= UInt(Int32.max) && UInt(bitPattern: loc.column) <= UInt(UInt16.max)
                     && UInt(bitPattern: loc.rank | loc.bankGroup | loc.bank) < 256, "DRAM: request location \(loc) out of range")
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
