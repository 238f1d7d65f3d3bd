/// One issued command, as the trace checker and `duplexsim dram --trace` see it.
public struct DRAMTraceEntry: Hashable, Sendable, CustomStringConvertible {
    /// Command-clock cycle of issue.
    public var cycle: Int64
    public var command: DRAMCommand
    public var pseudoChannel: Int
    public var rank: Int
    /// Bank group of a bank-scope command; -1 otherwise.
    public var bankGroup: Int
    /// Bank within its group (bank scope) or bundle index (bundle scope); -1 for rank scope.
    public var bank: Int
    /// Row of an activation or column command; -1 otherwise.
    public var row: Int
    /// Column of a column command; -1 otherwise.
    public var column: Int

    public init(cycle: Int64, command: DRAMCommand, pseudoChannel: Int, rank: Int, bankGroup: Int, bank: Int, row: Int, column: Int) {
        self.cycle = cycle
        self.command = command
        self.pseudoChannel = pseudoChannel
        self.rank = rank
        self.bankGroup = bankGroup
        self.bank = bank
        self.row = row
        self.column = column
    }

    public var description: String {
        "\(cycle) \(command) pc\(pseudoChannel) ra\(rank) bg\(bankGroup) ba\(bank) ro\(row) co\(column)"
    }
}
