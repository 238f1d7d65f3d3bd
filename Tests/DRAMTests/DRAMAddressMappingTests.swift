import Testing
import DRAM
import Units

@Suite struct DRAMAddressMappingTests {
    let o = DRAMTestSupport.preset52.organization

    @Test func roBaRaCoChPutsPseudoChannelsLowest() throws {
        let m = DRAMAddressMapping.roBaRaCoCh
        #expect(try m.decode(0, o) == DRAMLocation(pseudoChannel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0))
        #expect(try m.decode(32, o).pseudoChannel == 1)
        #expect(try m.decode(32 * 32, o).column == 1)              // next column after 32 channels
        #expect(try m.decode(32 * 32 * 32, o).rank == 1)            // then the rank
        #expect(try m.decode(32 * 32 * 32 * 2, o).bankGroup == 1)   // then bank group (low bank bits)
        #expect(try m.decode(32 * 32 * 32 * 2 * 4, o).bank == 1)
        #expect(try m.decode(32 * 32 * 32 * 2 * 16, o).row == 1)
    }

    @Test func parsingNamesTheProblem() throws {
        #expect(try DRAMAddressMapping(parsing: "RoBaRaCoCh") == .roBaRaCoCh)
        #expect(try DRAMAddressMapping(parsing: "RoRaBgBaCoCh").description == "RoRaBgBaCoCh")
        for bad in ["RoBaRaCo", "RoBaRaCoChCh", "RoXxRaCoCh"] {
            #expect(throws: DRAMMappingError.self, "\(bad)") { try DRAMAddressMapping(parsing: bad) }
        }
    }
}
