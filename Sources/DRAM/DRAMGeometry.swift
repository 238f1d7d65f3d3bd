/// Index arithmetic for one pseudo-channel: flat indices of ranks, bank groups and banks, and the
/// *units* a request targets (one bank, one bank bundle or one whole rank) with their footprints.
///
/// Unit numbering: banks first (`rank * banksPerRank + group * banksPerBankGroup + bank`), then
/// bundles (`bankUnits + rank * bundlesPerRank + bundle`), then ranks.
public struct DRAMGeometry: Hashable, Sendable {
    public let ranks: Int
    public let bankGroups: Int
    public let banksPerBankGroup: Int
    public let bundlesPerRank: Int
    public let banksPerRank: Int
    public let banks: Int
    public let units: Int

    /// Footprints, flattened: the banks and bank groups each unit touches.
    let footprintBankStart: [Int32]
    let footprintBanks: [Int32]
    let footprintGroupStart: [Int32]
    let footprintGroups: [Int32]
    /// The rank of every unit.
    let unitRank: [Int32]

    public init(_ o: DRAMOrganization) {
        ranks = o.ranks
        bankGroups = o.bankGroups
        banksPerBankGroup = o.banksPerBankGroup
        bundlesPerRank = o.bundlesPerRank
        banksPerRank = o.banksPerRank
        banks = o.banksPerPseudoChannel
        units = banks + ranks * bundlesPerRank + ranks
        var bankStart: [Int32] = [0], bankList: [Int32] = [], groupStart: [Int32] = [0], groupList: [Int32] = []
        var rankOf: [Int32] = []
        let perBundleInGroup = o.bundleBanksPerBankGroup
        for u in 0..<units {
            var footprint: [Int] = []
            var groups: [Int] = []
            let rank: Int
            if u < banks {
                rank = u / banksPerRank
                footprint = [u]
                groups = [u / banksPerBankGroup]
            } else if u < banks + ranks * bundlesPerRank {
                let b = u - banks
                rank = b / bundlesPerRank
                let bundle = b % bundlesPerRank
                for g in 0..<bankGroups {
                    groups.append(rank * bankGroups + g)
                    for k in 0..<perBundleInGroup {
                        footprint.append(rank * banksPerRank + g * banksPerBankGroup + bundle * perBundleInGroup + k)
                    }
                }
            } else {
                rank = u - banks - ranks * bundlesPerRank
                footprint = Array(rank * banksPerRank..<(rank + 1) * banksPerRank)
                groups = Array(rank * bankGroups..<(rank + 1) * bankGroups)
            }
            bankList += footprint.map { Int32($0) }
            bankStart.append(Int32(bankList.count))
            groupList += groups.map { Int32($0) }
            groupStart.append(Int32(groupList.count))
            rankOf.append(Int32(rank))
        }
        footprintBankStart = bankStart
        footprintBanks = bankList
        footprintGroupStart = groupStart
        footprintGroups = groupList
        unitRank = rankOf
    }

    /// The unit of one bank.
    public func bankUnit(rank: Int, bankGroup: Int, bank: Int) -> Int {
        rank * banksPerRank + bankGroup * banksPerBankGroup + bank
    }
    /// The unit of one bank bundle.
    public func bundleUnit(rank: Int, bundle: Int) -> Int { banks + rank * bundlesPerRank + bundle }
    /// The unit of a whole rank (all-bank commands, refresh).
    public func rankUnit(rank: Int) -> Int { banks + ranks * bundlesPerRank + rank }

    /// The unit a command with this scope addresses at a bank location.
    public func unit(for scope: DRAMCommand.Scope, rank: Int, bankGroup: Int, bank: Int) -> Int {
        switch scope {
        case .bank: bankUnit(rank: rank, bankGroup: bankGroup, bank: bank)
        case .bundle: bundleUnit(rank: rank, bundle: bank / (banksPerBankGroup / bundlesPerRank))
        case .rank: rankUnit(rank: rank)
        }
    }

    /// The scope of commands addressed to `unit`.
    public func scope(ofUnit unit: Int) -> DRAMCommand.Scope {
        unit < banks ? .bank : unit < banks + ranks * bundlesPerRank ? .bundle : .rank
    }

    /// The banks (flat indices) a unit touches.
    public func banks(ofUnit unit: Int) -> ArraySlice<Int32> {
        footprintBanks[Int(footprintBankStart[unit])..<Int(footprintBankStart[unit + 1])]
    }
    /// The bank groups (flat indices) a unit touches.
    public func bankGroups(ofUnit unit: Int) -> ArraySlice<Int32> {
        footprintGroups[Int(footprintGroupStart[unit])..<Int(footprintGroupStart[unit + 1])]
    }
    /// The rank of a unit.
    public func rank(ofUnit unit: Int) -> Int { Int(unitRank[unit]) }
}
