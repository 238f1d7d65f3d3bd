#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Reference

/// The GMP wrapper and the high-precision oracle: exact rationals, 256-bit identities of exp,
/// agreement of the float and rational dot products, and no memory leak across 10^6
/// operations.
@Suite struct OracleTests {
    @Test func rationalsAreExact() {
        #expect(GMPRational(0.1).description == "3602879701896397/36028797018963968")   // 0.1 as a Double
        let sum = GMPRational()
        let tenth = GMPRational(0.1)
        for _ in 0..<10 { sum.formSum(sum, tenth) }
        #expect(sum.description == "18014398509481985/18014398509481984")   // 10 x fl(0.1), not 1
        let half = GMPRational(numerator: 1, denominator: 3)
        half.formSum(half, GMPRational(numerator: 1, denominator: 6))
        #expect(half.isEqual(to: GMPRational(0.5)) && half.description == "1/2")
        let oracle = HighPrecisionOracle()
        // 2^60 + 1 - 2^60 is lost in Double, kept exactly here.
        let d = oracle.exactDot([0x1p60, 1, -0x1p60], [1, 1, 1])
        #expect(d.description == "1")
        #expect(oracle.exactDot([0.5, 0.25], [2, 4]).description == "2")
    }

    @Test func expIdentitiesHoldToTwoHundredFiftySixBits() {
        let oracle = HighPrecisionOracle(precision: 256)
        let tolerance = oracle.number(0x1p-256)
        let diff = oracle.number()
        // exp(ln 2) = 2.
        let two = oracle.number()
        oracle.formExp(two, oracle.logTwo)
        diff.formDifference(two, oracle.number(2))
        diff.formMagnitude(diff)
        #expect(diff.compare(tolerance) < 0, "exp(ln2) - 2 = \(diff.doubleValue)")
        // ln 2 and e beyond Double: their known remainders after the nearest Double.
        let ln2Tail = oracle.logTwo
        ln2Tail.formDifference(ln2Tail, oracle.number(M_LN2))
        #expect(abs(ln2Tail.doubleValue - 2.3190468138462996e-17) < 1e-32)
        let eTail = oracle.exp(1)
        eTail.formDifference(eTail, oracle.number(M_E))
        #expect(abs(eTail.doubleValue - 1.4456468917292502e-16) < 1e-31)
        // exp(a) exp(-a) = 1 and exp(a + b) = exp(a) exp(b) over a range of arguments.
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<50 {
            let a = rng.uniform(Double.self, magnitude: 700, format: .fp64)
            let b = rng.uniform(Double.self, magnitude: 3, format: .fp64)
            let product = oracle.exp(a)
            product.formProduct(product, oracle.exp(-a))
            diff.formDifference(product, oracle.number(1))
            diff.formMagnitude(diff)
            #expect(diff.compare(tolerance) < 0, "a = \(a)")
            let sum = oracle.exp(a + b)          // a + b is not exact; compare relative to its exp
            let parts = oracle.exp(a)
            parts.formProduct(parts, oracle.exp(b))
            let exactSum = oracle.number(a)
            exactSum.formSum(exactSum, oracle.number(b))
            let viaSum = oracle.number()
            oracle.formExp(viaSum, exactSum)
            diff.formDifference(viaSum, parts)
            diff.formQuotient(diff, parts)
            diff.formMagnitude(diff)
            #expect(diff.compare(tolerance) < 0, "a = \(a), b = \(b)")
            #expect(abs(oracle.absoluteError(Double.exponential(a + b), sum) / sum.doubleValue) <= 2 * Double.unitRoundoff * Double.libmULPs)
        }
    }

    @Test func floatAndRationalDotProductsAgree() {
        let oracle = HighPrecisionOracle()
        var rng = SeededGenerator(seed: 5)
        for length in [1, 17, 300] {
            let a = (0..<length).map { _ in rng.uniform(Double.self, magnitude: 1e3, format: .fp64) }
            let b = (0..<length).map { _ in rng.uniform(Double.self, magnitude: 1e-3, format: .fp64) }
            let exact = oracle.exactDot(a, b)
            let approx = oracle.dot(a, b)
            let asFloat = oracle.number()
            asFloat.set(exact)
            asFloat.formDifference(asFloat, approx)
            asFloat.formMagnitude(asFloat)
            #expect(asFloat.compare(oracle.number(0x1p-280)) < 0, "length \(length)")
        }
    }

    /// Resident set size in bytes (Linux /proc/self/statm; elsewhere getrusage's peak).
    func residentBytes() -> Int {
        #if os(Linux)
        let file = fopen("/proc/self/statm", "r")!
        defer { fclose(file) }
        var size = 0, resident = 0
        withUnsafeMutablePointer(to: &size) { s in
            withUnsafeMutablePointer(to: &resident) { r in _ = withVaList([s, r]) { vfscanf(file, "%ld %ld", $0) } }
        }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        var usage = rusage()
        getrusage(RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)
        #endif
    }

    /// 10^6 create-operate-destroy cycles (half mpf at 320 bits, half mpq). A leak of even
    /// one GMP limb (8 bytes + 16 bytes malloc header) per cycle would grow RSS by 24 MB; the
    /// bound is 8 MB, which concurrent tests' transient arrays stay below. The check repeats
    /// once so that a transient spike elsewhere cannot fail it, while a real leak fails both.
    @Test func noLeakAcrossAMillionOperations() {
        func batch(_ count: Int) {
            var acc = 0.0
            for i in 0..<count / 2 {
                let a = GMPFloat(Double(i), precision: 320)
                let b = GMPFloat(1.5, precision: 320)
                a.formProduct(a, b)
                acc += a.doubleValue
                let q = GMPRational(Double(i) * 0.25)
                q.formSum(q, q)
                acc += q.doubleValue
            }
            #expect(acc > 0)
        }
        batch(100_000)   // warm up the allocator
        var growths: [Int] = []
        for _ in 0..<2 {
            let before = residentBytes()
            batch(1_000_000)
            growths.append(residentBytes() - before)
            if growths.last! < 8 << 20 { break }
        }
        // The instrument can fail: numbers kept alive (~100 bytes each) show up. Up to 4 batches
        // of 300,000, since memory that concurrent tests freed just before can absorb a batch
        // without growing RSS; a broken instrument never shows growth.
        let before = residentBytes()
        var retained: [[GMPFloat]] = []
        var retainedGrowth = 0
        while retained.count < 4 && retainedGrowth <= 8 << 20 {
            retained.append((0..<300_000).map { GMPFloat(Double($0), precision: 320) })
            retainedGrowth = residentBytes() - before
        }
        #expect(retainedGrowth > 8 << 20, "retained growth \(retainedGrowth) B after \(retained.count) x 300,000 numbers")
        print("MEASURED GMP wrapper RSS growth over 10^6 operations: \(growths.map { "\($0) B" }); retained numbers: \(retainedGrowth) B")
        #expect(growths.contains { $0 < 8 << 20 }, "RSS grew by \(growths) bytes across 10^6 GMP operations")
    }
}
