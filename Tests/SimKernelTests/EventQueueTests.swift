import Testing
@testable import SimKernel

@Suite struct EventQueueTests {
    @Test func popsInKeyOrderForManySeeds() {
        for seed in UInt64(1)...30 {
            var rng = SplitMix64(seed: seed)
            let queue = EventQueue(initialCapacity: 4)  // forces growth
            var expected: [(Int64, UInt64, UInt32)] = []
            let n = Int(rng.next() % 3000) + 1
            for i in 0..<n {
                let time = Int64(rng.next() % 50)  // many equal times
                let order = UInt64(i)
                queue.push(time: time, order: order, payload: UInt32(i))
                expected.append((time, order, UInt32(i)))
            }
            expected.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            for e in expected {
                let got = queue.popMin()
                #expect(got.time == e.0 && got.order == e.1 && got.payload == e.2, "seed \(seed)")
            }
            #expect(queue.isEmpty)
        }
    }

    @Test func interleavedPushAndPopMatchASortedReference() {
        for seed in UInt64(100)...110 {
            var rng = SplitMix64(seed: seed)
            let queue = EventQueue()
            var reference: [(Int64, UInt64)] = []
            var seq: UInt64 = 0
            for _ in 0..<5000 {
                if rng.next() % 3 != 0 || reference.isEmpty {
                    let t = Int64(rng.next() % 1000)
                    queue.push(time: t, order: seq, payload: 0)
                    reference.append((t, seq))
                    seq += 1
                } else {
                    let i = reference.indices.min { reference[$0] < reference[$1] }!
                    let want = reference.remove(at: i)
                    let got = queue.popMin()
                    #expect(got.time == want.0 && got.order == want.1, "seed \(seed)")
                }
            }
        }
    }
}
