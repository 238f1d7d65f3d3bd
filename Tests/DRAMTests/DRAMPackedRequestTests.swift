import Testing
@testable import DRAM

/// `DRAMPackedRequest` keeps every field of the request it packs, and its flags decode to the
/// request's direction, path and command scope.
@Suite struct DRAMPackedRequestTests {
    @Test func packingKeepsEveryFieldPathAndScope() {
        let o = DRAMTestSupport.preset52.organization
        let limits = DRAMPackedRequest.Limits(o)
        let location = DRAMLocation(pseudoChannel: 3, rank: o.ranks - 1, bankGroup: o.bankGroups - 1,
                                    bank: o.banksPerBankGroup - 1, row: o.rows - 1, column: o.columns - 1)
        for path in DRAMAccessPath.allCases {
            for write in [false, true] {
                let r = DRAMRequest(isWrite: write, path: path, location: location, arrivalCycle: 12_345)
                let p = DRAMPackedRequest(r, within: limits)
                let scope: Int = switch r.scope {
                case .bank: 0
                case .bundle: 1
                case .rank: 2
                }
                #expect(p.isWrite == write)
                #expect(p.pathRaw == path.rawValue)
                #expect(p.scopeRaw == scope)
                #expect(p.arrivalCycle == 12_345)
                #expect(Int(p.rank) == location.rank && Int(p.bankGroup) == location.bankGroup && Int(p.bank) == location.bank)
                #expect(Int(p.row) == location.row && Int(p.column) == location.column)
            }
        }
    }
}
