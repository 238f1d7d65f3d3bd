/// Where a request goes: one column of one row of one bank of one pseudo-channel. For a
/// bank-bundle request `bank` names any bank of the bundle (its bundle is
/// `organization.bundle(ofBankInGroup: bank)`; `bankGroup` is ignored); for an all-bank request
/// `bankGroup` and `bank` are ignored.
public struct DRAMLocation: Hashable, Sendable, CustomStringConvertible {
    public var pseudoChannel: Int
    public var rank: Int
    public var bankGroup: Int
    public var bank: Int
    public var row: Int
    public var column: Int

    public init(pseudoChannel: Int, rank: Int, bankGroup: Int, bank: Int, row: Int, column: Int) {
        self.pseudoChannel = pseudoChannel
        self.rank = rank
        self.bankGroup = bankGroup
        self.bank = bank
        self.row = row
        self.column = column
    }

    public var description: String {
        "pc\(pseudoChannel).ra\(rank).bg\(bankGroup).ba\(bank).ro\(row).co\(column)"
    }
}

/// One memory request: a column read or write by one access path. An xPU request moves
/// `accessBytes` (32 B); a Logic-PIM or BankGroup-PIM request is one bank-bundle column command
/// (8 banks, 256 B); a Bank-PIM request is one all-bank column command (16 banks, 512 B).
public struct DRAMRequest: Hashable, Sendable {
    public var isWrite: Bool
    public var path: DRAMAccessPath
    public var location: DRAMLocation
    /// The command-clock cycle from which the request may enter the controller's queue.
    public var arrivalCycle: Int64

    public init(isWrite: Bool, path: DRAMAccessPath = .xpu, location: DRAMLocation, arrivalCycle: Int64 = 0) {
        precondition(arrivalCycle >= 0, "DRAMRequest: negative arrival cycle")
        self.isWrite = isWrite
        self.path = path
        self.location = location
        self.arrivalCycle = arrivalCycle
    }

    /// The scope of the commands that serve this request.
    public var scope: DRAMCommand.Scope {
        switch path {
        case .xpu: .bank
        case .logicPIM, .bankGroupPIM: .bundle
        case .bankPIM: .rank
        }
    }

    /// The column command that serves this request.
    public var columnCommand: DRAMCommand {
        switch (scope, isWrite) {
        case (.bank, false): .rd
        case (.bank, true): .wr
        case (.bundle, false): .bundleRd
        case (.bundle, true): .bundleWr
        case (.rank, false): .allBankRd
        case (.rank, true): .allBankWr
        }
    }
}

extension DRAMCommand.Scope {
    /// The activation command of this scope.
    var activate: DRAMCommand {
        switch self {
        case .bank: .act
        case .bundle: .bundleAct
        case .rank: .allBankAct
        }
    }
    /// The precharge command of this scope.
    var precharge: DRAMCommand {
        switch self {
        case .bank: .pre
        case .bundle: .bundlePre
        case .rank: .allBankPre
        }
    }
}
