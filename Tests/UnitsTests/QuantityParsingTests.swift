import Foundation
import Testing
@testable import Units

@Suite struct QuantityParsingTests {
    @Test func bandwidth() throws {
        #expect(try Bandwidth(parsing: "3.35TB/s").bytesPerSecond == 3.35e12)
        #expect(try Bandwidth(parsing: "665.6GB/s").gigabytesPerSecond == 665.6)
        #expect(try Bandwidth(parsing: "400Gb/s").bytesPerSecond == 50e9)
        #expect(try Bandwidth(parsing: "3.35TB/s").description == "3.35TB/s")
        #expect(Bandwidth.gbps(665.6).description == "665.6GB/s")
        #expect(Bandwidth.gbps(1).transferTime(ByteCount(bytes: 32)) == .ps(32_000))
    }

    @Test func energyAndEnergyPerBit() throws {
        #expect(try Energy(parsing: "0.909nJ").picojoules == 909)
        #expect(try Energy(parsing: "0.909nJ").description == "909pJ")
        #expect(try Energy(parsing: "1.5mJ").millijoules == 1.5)
        let perBit = try EnergyPerBit(parsing: "3.48pJ/b")
        #expect(perBit.picojoulesPerBit == 3.48)
        #expect(perBit.description == "3.48pJ/b")
        #expect(perBit.energy(for: ByteCount(bytes: 32)).picojoules == 3.48 * 256)
        #expect(try EnergyPerBit(parsing: "10.4pJ/B").picojoulesPerBit == 1.3)
    }

    @Test func flopRateAndCounts() throws {
        let h100 = try FLOPRate(parsing: "989.4TFLOPS")
        #expect(h100.teraflopsPerSecond == 989.4)
        #expect(h100.description == "989.4TFLOPS")
        let ridge = h100.ridgePoint(try Bandwidth(parsing: "3.352TB/s"))
        #expect(abs(ridge - 295.17) < 0.01)
        #expect(FLOPCount.macs(512).flops == 1024)
        #expect(FLOPCount(flops: 100).perByte(ByteCount(bytes: 50)) == 2)
        #expect(FLOPRate.tflops(1).computeTime(FLOPCount(flops: 1_000_000)) == .us(1))
    }

    @Test func byteCounts() throws {
        #expect(try ByteCount(parsing: "64KiB").bytes == 65_536)
        #expect(try ByteCount(parsing: "1.5MiB").bytes == 1_572_864)
        #expect(try ByteCount(parsing: "16GB").bytes == 16_000_000_000)
        #expect(try ByteCount(parsing: "32B").bytes == 32)
        #expect(ByteCount.kib(8).description == "8KiB")
        #expect(ByteCount(bytes: 1000).description == "1000B")
        #expect(throws: UnitParseError.self) { try ByteCount(parsing: "0.5B") }
    }

    @Test(arguments: ["3.35", "3.35XB/s", "TB/s", "", "fast"])
    func badBandwidthNamesStringAndUnits(text: String) {
        do {
            _ = try Bandwidth(parsing: text)
            Issue.record("\"\(text)\" should not parse")
        } catch let error as UnitParseError {
            #expect(error.quantity == "bandwidth")
            #expect(error.description.contains("\"\(text)\""))
            #expect(error.description.contains("TB/s"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    struct Config: Codable, Equatable {
        var clock: Frequency
        var tCK: SimTime
        var peak: Bandwidth
        var act: Energy
    }

    @Test func codableAsText() throws {
        let json = #"{"clock":"650MHz","tCK":"769ps","peak":"665.6GB/s","act":"0.909nJ"}"#
        let config = try JSONDecoder().decode(Config.self, from: Data(json.utf8))
        #expect(config.clock == .mhz(650))
        #expect(config.tCK == .ps(769))
        #expect(config.act.picojoules == 909)
        let again = try JSONDecoder().decode(Config.self, from: JSONEncoder().encode(config))
        #expect(again == config)
    }

    @Test func codableErrorNamesTheFieldAndUnits() {
        let json = #"{"clock":"650MHz","tCK":"769","peak":"665.6GB/s","act":"0.909nJ"}"#
        do {
            _ = try JSONDecoder().decode(Config.self, from: Data(json.utf8))
            Issue.record("should fail")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.codingPath.map(\.stringValue) == ["tCK"])
            #expect(context.debugDescription.contains("a unit is required"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
