import Testing
@testable import Reference

/// Round-to-nearest-even storage rounding, by hand-computed cases and against the platform's
/// IEEE binary16 conversion where `Float16` exists.
@Suite struct StorageFormatTests {
    @Test func fp16TiesRoundToEven() {
        let f = StorageFormat.fp16
        #expect(f.round(1 + 0x1p-11 as Double) == 1)                   // tie -> even (1)
        #expect(f.round(1 + 3 * 0x1p-11 as Double) == 1 + 0x1p-9)      // tie -> even (...010)
        #expect(f.round(1 + 0x1p-11 + 0x1p-30 as Double) == 1 + 0x1p-10) // above the tie
        #expect(f.round(65504 as Double) == 65504)                      // largest finite
        #expect(f.round(65519 as Double) == 65504)
        #expect(f.round(65520 as Double) == .infinity)                  // tie at the top overflows
        #expect(f.round(-65520 as Float) == -.infinity)
        #expect(f.round(0x1p-24 as Double) == 0x1p-24)                  // smallest subnormal
        #expect(f.round(0x1p-25 as Double) == 0)                        // tie -> even (0)
        #expect(f.round(3 * 0x1p-26 as Double) == 0x1p-24)
        #expect(f.round(3 * 0x1p-25 as Double) == 2 * 0x1p-24)          // tie 1.5 -> 2 quanta
        #expect(f.round(Double.nan).isNaN)
        #expect(f.round(-0.0 as Double).sign == .minus)
    }

    @Test func bf16TiesRoundToEven() {
        let f = StorageFormat.bf16
        #expect(f.round(1 + 0x1p-8 as Double) == 1)
        #expect(f.round(1 + 3 * 0x1p-8 as Double) == 1 + 0x1p-6)
        #expect(f.round(3.0e38 as Double) == 226 * 0x1p120)   // 3e38 / 2^120 = 225.69 -> 226
        #expect(f.round(Double(Float.greatestFiniteMagnitude)) == .infinity)
        #expect(f.round(Float(0x1p-133)) == Float(0x1p-133))    // smallest bf16 subnormal
    }

    @Test func fp32StorageOfDoubleMatchesFloatConversion() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<10_000 {
            let x = Double(bitPattern: rng.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x3800_0000_0000_0000)
            #expect(StorageFormat.fp32.round(x) == Double(Float(x)), "x = \(x)")
        }
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func fp16MatchesIEEEBinary16Conversion() {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<20_000 {
            // Random magnitudes from 2^-30 to 2^17 cover subnormals, normals and overflow.
            let exponent = Int(rng.next() % 48) - 30
            let x = Float(sign: rng.next() & 1 == 0 ? .plus : .minus, exponent: exponent,
                          significand: 1 + Float(rng.next() >> 40) * 0x1p-24)
            let expected = Float(Float16(x))
            let actual = StorageFormat.fp16.round(x)
            #expect(actual == expected || (actual.isNaN && expected.isNaN), "trial \(trial): x = \(x)")
        }
    }
    #endif
}
