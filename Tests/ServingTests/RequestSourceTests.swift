import Foundation
import SimKernel
import Testing
import Units
import Workloads
@testable import Serving

@Suite struct RequestSourceTests {
    @Test func sameSeedSameRequests() {
        func requests(_ seed: UInt64) -> [ServingRequest] {
            var source = RequestSource(pattern: .openLoop(qps: 5), requests: 50, inputLength: .init(nominal: 100, relativeSpread: 0.2),
                                       outputLength: .init(nominal: 50, relativeSpread: 0.2), seed: seed)
            return source.initialRequests(slots: 4)
        }
        #expect(requests(9) == requests(9))
        #expect(requests(9) != requests(10))
    }

    @Test func closedLoopStartsFullAndReplacesUntilTheTotal() {
        var source = RequestSource(pattern: .closedLoop, requests: 5, inputLength: .fixed(8), outputLength: .fixed(4), seed: 1)
        let first = source.initialRequests(slots: 3)
        #expect(first.map(\.id) == [0, 1, 2] && first.allSatisfy { $0.arrival == .zero })
        #expect(source.replacement(finishingAt: .ms(7))?.arrival == .ms(7))
        #expect(source.replacement(finishingAt: .ms(8))?.id == 4)
        #expect(source.replacement(finishingAt: .ms(9)) == nil)
        #expect(source.remaining == 0)
    }

    @Test func poissonGapsHaveTheRightMean() {
        var source = RequestSource(pattern: .openLoop(qps: 8), requests: 20000, inputLength: .fixed(8), outputLength: .fixed(4), seed: 5)
        let requests = source.initialRequests(slots: 1)
        let span = requests.last!.arrival.seconds
        // Mean gap 1/8 s; the sum of 20000 exponentials has relative sd 1/sqrt(20000) = 0.7%.
        #expect(abs(span / 20000 - 0.125) / 0.125 < 0.03)
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.arrival <= $1.arrival })
        // Exponential: the fraction of gaps below the mean is 1 - 1/e = 63.2%.
        let gaps = zip(requests.dropFirst(), requests).map { ($0.arrival - $1.arrival).seconds }
        let below = Double(gaps.filter { $0 < 0.125 }.count) / Double(gaps.count)
        #expect(abs(below - (1 - exp(-1))) < 0.02)
    }

    @Test func gaussianLengthsAreCentredTruncatedAndSpread() {
        var generator = SplitMix64(seed: 11)
        let distribution = LengthDistribution(nominal: 1000, relativeSpread: 0.1)
        let samples = (0..<20000).map { _ in distribution.sample(&generator) }
        let mean = Double(samples.reduce(0, +)) / Double(samples.count)
        let squares: [Double] = samples.map { (Double($0) - mean) * (Double($0) - mean) }
        let sd = (squares.reduce(0, +) / Double(samples.count)).squareRoot()
        #expect(abs(mean - 1000) < 3)         // sd of the mean: 100 / sqrt(20000) = 0.7
        #expect(abs(sd - 100) < 3)
        let wide = LengthDistribution(nominal: 10, relativeSpread: 2)
        let tails = (0..<5000).map { _ in wide.sample(&generator) }
        #expect(tails.allSatisfy { (1...20).contains($0) })
        #expect(LengthDistribution(nominal: 7, relativeSpread: 0) == .fixed(7))
    }

    @Test func traceFileReadsAndNamesBadCells() throws {
        let good = try RequestTraceFile.parse("arrival_s,input_tokens,output_tokens\n0,10,5\n0.5,20,1\n", file: "t.csv")
        #expect(good.entries.map(\.inputTokens) == [10, 20])
        #expect(good.entries[1].arrival == .ms(500))
        var source = RequestSource(pattern: .trace(good), requests: 0, inputLength: .fixed(1), outputLength: .fixed(1), seed: 1)
        #expect(source.initialRequests(slots: 1).map(\.outputTokens) == [5, 1])

        do {
            _ = try RequestTraceFile.parse("arrival_s,input_tokens,output_tokens\n0,10,5\nx,0,5\n0.1,3,2.5\n", file: "t.csv")
            Issue.record("bad cells accepted")
        } catch {
            let text = error.problems.map(\.description)
            #expect(text.contains("t.csv:3: field \"arrival_s\": \"x\" is not a non-negative number of seconds"))
            #expect(text.contains("t.csv:3: field \"input_tokens\": \"0\" is not a whole number >= 1"))
            #expect(text.contains("t.csv:4: field \"output_tokens\": \"2.5\" is not a whole number >= 1"))
        }
        #expect(throws: WorkloadInputError.self) { try RequestTraceFile.parse("arrival_s,input_tokens,output_tokens\n1,1,1\n0,1,1\n", file: "t.csv") }
        #expect(throws: WorkloadInputError.self) { try RequestTraceFile.parse("arrival,input,output\n1,1,1\n", file: "t.csv") }
    }
}
