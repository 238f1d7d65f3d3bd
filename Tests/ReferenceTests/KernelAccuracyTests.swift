import Testing
@testable import Reference

/// Kernels against the 256-bit oracle on seeded random inputs. Every tolerance is the a-priori
/// bound of `ErrorBound` evaluated with the oracle's (or Double) magnitudes; the tests also
/// print the measured error in units of the arithmetic's unit roundoff (lines "MEASURED").
@Suite struct KernelAccuracyTests {
    /// Magnitudes from Double (or a truncated oracle value) are inflated by this factor (see
    /// `PlanExecutor`): their relative error is below n 2^-52 for n < 2^30.
    let inflation = 1 + 0x1p-20

    func checkDots<T: ReferenceScalar>(_: T.Type, storage: StorageFormat, label: String) {
        let oracle = HighPrecisionOracle()
        let bound = ErrorBound(T.self, storage: storage)
        var worstInU = 0.0, worstToBound = 0.0
        for seed in UInt64(0)..<30 {
            var rng = SeededGenerator(seed: seed)
            for k in [1, 8, 100, 1000] {
                let a = rng.tensor(T.self, shape: [1, k], format: storage)
                let b = rng.tensor(T.self, shape: [k, 1], format: storage)
                let c = GEMM.multiply(a, b, storage: storage).elements[0]
                let a64 = a.elements.map { Double($0) }, b64 = b.elements.map { Double($0) }
                let exact = oracle.dot(a64, b64)
                let s = oracle.dot(a64.map(abs), b64.map(abs)).doubleValue * inflation
                let error = oracle.absoluteError(Double(c), exact)
                let tolerance = bound.dot(length: k, absoluteSum: s, magnitude: abs(exact.doubleValue) * inflation)
                #expect(error <= tolerance, "\(label) seed \(seed) k \(k): error \(error) > bound \(tolerance)")
                worstInU = max(worstInU, error / (bound.u * max(s, .leastNormalMagnitude)))
                worstToBound = max(worstToBound, error / tolerance)
            }
        }
        print("MEASURED dot \(label): max error = \(worstInU) u * sum|ab| (u = \(bound.u)); max error/bound = \(worstToBound)")
    }

    @Test func dotProductsStayWithinTheGammaBound() {
        checkDots(Double.self, storage: .fp64, label: "Float64")
        checkDots(Float.self, storage: .fp32, label: "Float32")
        checkDots(Float.self, storage: .fp16, label: "Float32+FP16 storage")
        checkDots(Float.self, storage: .bf16, label: "Float32+BF16 storage")
    }

    func checkSoftmax<T: ReferenceScalar>(_: T.Type, storage: StorageFormat, label: String) {
        let oracle = HighPrecisionOracle()
        let bound = ErrorBound(T.self, storage: storage)
        var worstRelative = 0.0, worstToBound = 0.0
        for seed in UInt64(0)..<10 {
            var rng = SeededGenerator(seed: 100 + seed)
            for n in seed < 2 ? [2, 16, 256, 2048] : [2, 16, 256] {
                let x = (0..<n).map { _ in rng.uniform(T.self, magnitude: 8, format: storage) }
                let p = Softmax.stable(x, storage: storage)
                let x64 = x.map { Double($0) }
                let exact = oracle.softmax(x64)
                let spread = x64.max()! - x64.min()!
                let relative = bound.softmaxRelative(length: n, spread: spread)
                for i in 0..<n {
                    let magnitude = exact[i].doubleValue
                    let error = oracle.absoluteError(Double(p[i]), exact[i])
                    #expect(error <= (relative * magnitude + bound.underflow) * inflation, "\(label) seed \(100 + seed) n \(n) i \(i)")
                    if magnitude >= Double(sign: .plus, exponent: storage.minExponent, significand: 1) {
                        worstRelative = max(worstRelative, error / magnitude)   // normal range only
                    }
                    worstToBound = max(worstToBound, error / (relative * magnitude + bound.underflow))
                }
            }
        }
        print("MEASURED softmax \(label): max relative error (normal range) = \(worstRelative / bound.u) u; max error/bound = \(worstToBound)")
    }

    @Test func softmaxStaysWithinItsRelativeBound() {
        checkSoftmax(Double.self, storage: .fp64, label: "Float64")
        checkSoftmax(Float.self, storage: .fp32, label: "Float32")
        checkSoftmax(Float.self, storage: .fp16, label: "Float32+FP16 storage")
    }

    /// Decode rows (unsplit and split into `fragments` key ranges merged online) vs the oracle.
    func checkDecode<T: ReferenceScalar>(_: T.Type, storage: StorageFormat, shape: AttentionShape, length: Int,
                                         seeds: Range<UInt64>, heads: [Int], fragments: Int, label: String) {
        let oracle = HighPrecisionOracle()
        let bound = ErrorBound(T.self, storage: storage)
        var worst = (unsplit: 0.0, split: 0.0, inU: 0.0)
        for seed in seeds {
            var rng = SeededGenerator(seed: seed)
            let q = rng.tensor(T.self, shape: [1, shape.queryHeads, shape.headDim], magnitude: 4, format: storage)
            let k = rng.tensor(T.self, shape: [length, shape.kvHeads, shape.headDim], format: storage)
            let v = rng.tensor(T.self, shape: [length, shape.kvHeads, shape.headDim], format: storage)
            let scale: T = shape.scale()
            let out = Attention.decode(query: q, keys: k, values: v, shape: shape, scale: scale, storage: storage)
            let chunk = (length + fragments - 1) / fragments
            let d = shape.headDim
            for head in heads {
                let kvHead = head / shape.group
                let query = (0..<d).map { Double(q.elements[head * d + $0]) }
                var keys: [Double] = [], values: [Double] = []
                for j in 0..<length {
                    let base = (j * shape.kvHeads + kvHead) * d
                    keys += (0..<d).map { Double(k.elements[base + $0]) }
                    values += (0..<d).map { Double(v.elements[base + $0]) }
                }
                let exact = oracle.attentionRow(query: query, keys: keys, values: values, scale: Double(scale))
                var merged = OnlineSoftmaxPartial<T>(headDim: d)
                for start in stride(from: 0, to: length, by: chunk) {
                    let partial = Attention.partial(query: q, row: 0, head: head, keys: k, values: v,
                                                    tokens: start..<min(length, start + chunk), shape: shape,
                                                    scale: scale, storage: storage)
                    merged = OnlineSoftmaxPartial.merged(merged, partial, storage: storage)
                }
                let split = merged.finalized(storage: storage)
                let m = PlanExecutor<Double>.attentionMagnitudes(
                    query: q.converted(), row: 0, head: head, keys: k.converted(), values: v.converted(),
                    keyCount: length, shape: shape, scale: Double(scale))
                for c in 0..<d {
                    func tolerance(_ f: Int) -> Double {
                        inflation * bound.attention(headDim: d, keys: length, fragments: f, scoreMagnitude: m.scores,
                                                    weightedValues: m.weighted[c], valueSum: m.valueSum[c], magnitude: abs(m.output[c]))
                    }
                    let e1 = oracle.absoluteError(Double(out.elements[head * d + c]), exact[c])
                    let e2 = oracle.absoluteError(Double(split[c]), exact[c])
                    #expect(e1 <= tolerance(1), "\(label) seed \(seed) head \(head) c \(c): \(e1) > \(tolerance(1))")
                    #expect(e2 <= tolerance(fragments), "\(label) split seed \(seed) head \(head) c \(c): \(e2) > \(tolerance(fragments))")
                    worst.unsplit = max(worst.unsplit, e1 / tolerance(1))
                    worst.split = max(worst.split, e2 / tolerance(fragments))
                    worst.inU = max(worst.inU, e1 / (bound.u * m.weighted[c]))
                }
            }
        }
        print("MEASURED decode attention \(label): max error = \(worst.inU) u * sum p|v|; error/bound unsplit \(worst.unsplit), split(\(fragments)) \(worst.split)")
    }

    @Test func decodeAttentionMatchesTheOracleForMHAGQAMQA() {
        let mha = AttentionShape(queryHeads: 4, kvHeads: 4, headDim: 16)
        let gqa = AttentionShape(queryHeads: 8, kvHeads: 2, headDim: 32)
        let mqa = AttentionShape(queryHeads: 4, kvHeads: 1, headDim: 16)
        checkDecode(Double.self, storage: .fp64, shape: mha, length: 33, seeds: 0..<4, heads: [0, 3], fragments: 3, label: "MHA Float64")
        checkDecode(Float.self, storage: .fp32, shape: mha, length: 33, seeds: 0..<4, heads: [0, 3], fragments: 3, label: "MHA Float32")
        checkDecode(Float.self, storage: .fp16, shape: gqa, length: 129, seeds: 0..<4, heads: [1, 6], fragments: 4, label: "GQA Float32+FP16")
        checkDecode(Double.self, storage: .fp64, shape: gqa, length: 129, seeds: 0..<2, heads: [5], fragments: 4, label: "GQA Float64")
        checkDecode(Float.self, storage: .bf16, shape: mqa, length: 64, seeds: 0..<4, heads: [0, 2], fragments: 2, label: "MQA Float32+BF16")
    }

    @Test func longContextDecodeMatchesTheOracle() {
        let shape = AttentionShape(queryHeads: 2, kvHeads: 1, headDim: 32)
        checkDecode(Float.self, storage: .fp16, shape: shape, length: 4096, seeds: 7..<8, heads: [1], fragments: 8, label: "L=4096 Float32+FP16")
        checkDecode(Double.self, storage: .fp64, shape: shape, length: 4096, seeds: 8..<9, heads: [0], fragments: 8, label: "L=4096 Float64")
    }

    @Test func causalPrefillMatchesTheOracle() {
        let shape = AttentionShape(queryHeads: 4, kvHeads: 2, headDim: 8)
        let oracle = HighPrecisionOracle()
        for (storage, seed) in [(StorageFormat.fp16, UInt64(21)), (.fp32, 22)] {
            let bound = ErrorBound(Float.self, storage: storage)
            var rng = SeededGenerator(seed: seed)
            let tokens = 24, d = shape.headDim
            let q = rng.tensor(Float.self, shape: [tokens, shape.queryHeads, d], magnitude: 4, format: storage)
            let k = rng.tensor(Float.self, shape: [tokens, shape.kvHeads, d], format: storage)
            let v = rng.tensor(Float.self, shape: [tokens, shape.kvHeads, d], format: storage)
            let scale: Float = shape.scale()
            let out = Attention.prefill(query: q, keys: k, values: v, shape: shape, causal: true, scale: scale, storage: storage)
            for row in [0, 5, 23] {
                for head in [0, 3] {
                    let kvHead = head / shape.group
                    let base = (row * shape.queryHeads + head) * d
                    let query = (0..<d).map { Double(q.elements[base + $0]) }
                    var keys: [Double] = [], values: [Double] = []
                    for j in 0...row {
                        let kb = (j * shape.kvHeads + kvHead) * d
                        keys += (0..<d).map { Double(k.elements[kb + $0]) }
                        values += (0..<d).map { Double(v.elements[kb + $0]) }
                    }
                    let exact = oracle.attentionRow(query: query, keys: keys, values: values, scale: Double(scale))
                    let m = PlanExecutor<Double>.attentionMagnitudes(
                        query: q.converted(), row: row, head: head, keys: k.converted(), values: v.converted(),
                        keyCount: row + 1, shape: shape, scale: Double(scale))
                    for c in 0..<d {
                        let tolerance = inflation * bound.attention(headDim: d, keys: row + 1, fragments: 1, scoreMagnitude: m.scores,
                                                                    weightedValues: m.weighted[c], valueSum: m.valueSum[c], magnitude: abs(m.output[c]))
                        let error = oracle.absoluteError(Double(out.elements[base + c]), exact[c])
                        #expect(error <= tolerance, "\(storage) seed \(seed) row \(row) head \(head) c \(c)")
                    }
                }
            }
        }
    }

    /// Float expert FFNs (unsplit and 3 column partials) against the Double reference: both
    /// are within their bounds of the exact result, so they differ by at most the sum.
    @Test func expertFFNsAgreeWithinTheirBounds() {
        for activation in FFNActivation.allCases {
            for (storage, seed) in [(StorageFormat.fp16, UInt64(31)), (.fp32, 32)] {
                var rng = SeededGenerator(seed: seed)
                let hidden = 32, ffn = 48, m = 5
                let x = rng.tensor(Float.self, shape: [m, hidden], format: storage)
                let up = rng.tensor(Float.self, shape: [hidden, ffn], magnitude: 0.5, format: storage)
                let gate = activation == .swiglu ? rng.tensor(Float.self, shape: [hidden, ffn], magnitude: 0.5, format: storage) : nil
                let down = rng.tensor(Float.self, shape: [ffn, hidden], magnitude: 0.3, format: storage)
                let w = ExpertWeights(activation: activation, up: up, gate: gate, down: down)
                let w64 = ExpertWeights(activation: activation, up: up.converted(to: Double.self),
                                        gate: gate?.converted(to: Double.self), down: down.converted(to: Double.self))
                let y = ExpertFFN.forward(x, weights: w, storage: storage)
                var parts = Tensor<Float>(shape: y.shape)
                for cols in [0..<10, 10..<30, 30..<48] {
                    let p = ExpertFFN.forward(x, weights: w, columns: cols, storage: storage)
                    for i in parts.elements.indices { parts.elements[i] += p.elements[i] }
                }
                parts = parts.rounded(to: storage)
                let y64 = ExpertFFN.forward(x.converted(to: Double.self), weights: w64, storage: .fp64)
                let boundF = ErrorBound(Float.self, storage: storage), boundD = ErrorBound(Double.self, storage: .fp64)
                let termsF = ExpertFFNErrorTerms(x: x.converted(), weights: w64, bound: boundF)
                let termsD = ExpertFFNErrorTerms(x: x.converted(), weights: w64, bound: boundD)
                for i in y.elements.indices {
                    let refBound = boundD.expertFFN(termsD, element: i, partials: 1)
                    let t1 = inflation * (boundF.expertFFN(termsF, element: i, partials: 1) + refBound)
                    let t3 = inflation * (boundF.expertFFN(termsF, element: i, partials: 3) + refBound)
                    #expect(abs(Double(y.elements[i]) - y64.elements[i]) <= t1, "\(activation) \(storage) seed \(seed) element \(i)")
                    #expect(abs(Double(parts.elements[i]) - y64.elements[i]) <= t3, "\(activation) \(storage) split seed \(seed) element \(i)")
                }
            }
        }
    }
}
