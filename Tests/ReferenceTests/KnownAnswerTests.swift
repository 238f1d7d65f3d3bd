#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Reference

/// Tiny shapes computed by hand. Exact where the arithmetic is exact (small integers, powers
/// of two); elsewhere within 4 ulps of the hand formula evaluated in Double.
@Suite struct KnownAnswerTests {
    /// 4 ulps of x in Double: the hand formulas below take at most a few rounded operations.
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 4 * b.ulp.magnitude + 4 * Double.leastNormalMagnitude }

    @Test func gemmTwoByTwo() {
        let a = Tensor<Float>(shape: [2, 2], elements: [1, 2, 3, 4])
        let b = Tensor<Float>(shape: [2, 2], elements: [5, 6, 7, 8])
        #expect(GEMM.multiply(a, b, storage: .fp16).elements == [19, 22, 43, 50])
        #expect(GEMM.multiply(a, b, columns: 1..<2, storage: .fp32).elements == [22, 50])
        #expect(GEMM.block(a, b, rows: 0..<2, columns: 0..<2, inner: 0..<1, storage: .fp32).elements == [5, 6, 15, 18])
    }

    @Test func softmaxOfEqualAndOfLogThree() {
        #expect(Softmax.stable([1.0, 1.0, 1.0, 1.0], storage: .fp64) == [0.25, 0.25, 0.25, 0.25])
        let p = Softmax.stable([0.0, log(3.0)], storage: .fp64)
        #expect(close(p[0], 0.25) && close(p[1], 0.75))
        // Stability: huge scores do not overflow.
        let q = Softmax.stable([1000.0, 1000.0 + log(3.0)], storage: .fp64)
        #expect(abs(q[0] - 0.25) < 1e-12 && abs(q[1] - 0.75) < 1e-12)
    }

    @Test func decodeAttentionWeightsValuesByHandComputedSoftmax() {
        // d = 2, scale 1/sqrt 2; q = (sqrt2 ln3, 0), k0 = (0, 5), k1 = (1, 7): scores 0, ln 3,
        // p = (1/4, 3/4); output = v0/4 + 3 v1/4.
        let shape = AttentionShape(queryHeads: 1, kvHeads: 1, headDim: 2)
        let q = Tensor<Double>(shape: [1, 2], elements: [Double(2).squareRoot() * log(3.0), 0])
        let k = Tensor<Double>(shape: [2, 1, 2], elements: [0, 5, 1, 7])
        let v = Tensor<Double>(shape: [2, 1, 2], elements: [4, -8, 8, 4])
        let out = Attention.decode(query: q, keys: k, values: v, shape: shape, scale: shape.scale(), storage: .fp64)
        #expect(close(out.elements[0], 7) && close(out.elements[1], 1), "\(out.elements)")
    }

    @Test func groupedQueryHeadsReadTheirOwnKVHead() {
        // H = 4, H_kv = 2: heads 0, 1 read KV head 0 (values 1), heads 2, 3 read KV head 1 (values 2).
        let shape = AttentionShape(queryHeads: 4, kvHeads: 2, headDim: 1)
        let q = Tensor<Float>(shape: [4, 1], elements: [1, -1, 3, 0.5])
        let k = Tensor<Float>(shape: [3, 2, 1], elements: [1, 2, 0, -1, 3, 5])
        let v = Tensor<Float>(shape: [3, 2, 1], elements: [1, 2, 1, 2, 1, 2])
        let out = Attention.decode(query: q, keys: k, values: v, shape: shape, scale: 1, storage: .fp32)
        // The weights sum to 1 up to rounding: within 4 ulps of the group's value.
        #expect(zip(out.elements, [1, 1, 2, 2] as [Float]).allSatisfy { abs($0 - $1) <= 4 * $1.ulp }, "\(out.elements)")
        #expect(shape.group == 2)
    }

    @Test func causalPrefillFirstRowCopiesItsOwnValue() {
        let shape = AttentionShape(queryHeads: 1, kvHeads: 1, headDim: 2)
        let q = Tensor<Double>(shape: [2, 1, 2], elements: [0.3, -2, 1, 1])
        let k = Tensor<Double>(shape: [2, 1, 2], elements: [1, 0, 1, 0])   // equal scores for row 1
        let v = Tensor<Double>(shape: [2, 1, 2], elements: [3, 5, 7, 9])
        let causal = Attention.prefill(query: q, keys: k, values: v, shape: shape, causal: true, scale: 1, storage: .fp64)
        #expect(Array(causal.elements[0..<2]) == [3, 5])                   // p = 1 on key 0
        #expect(Array(causal.elements[2..<4]) == [5, 7])                   // p = 1/2, 1/2
        let full = Attention.prefill(query: q, keys: k, values: v, shape: shape, causal: false, scale: 1, storage: .fp64)
        #expect(Array(full.elements[0..<2]) == [5, 7])
    }

    @Test func onlineSoftmaxMergeOfTwoSingleKeyPartials() {
        // Scores 0 and ln 3 with values 4 and 8: merged output 0.25*4 + 0.75*8 = 7.
        let a = OnlineSoftmaxPartial<Double>.over(scores: [0], headDim: 1, storage: .fp64) { _, _ in 4 }
        let b = OnlineSoftmaxPartial<Double>.over(scores: [log(3.0)], headDim: 1, storage: .fp64) { _, _ in 8 }
        let merged = OnlineSoftmaxPartial.merged(a, b, storage: .fp64)
        #expect(merged.maximum == log(3.0))
        #expect(close(merged.sum, 4.0 / 3.0))
        #expect(close(merged.finalized(storage: .fp64)[0], 7))
        #expect(OnlineSoftmaxPartial.merged(OnlineSoftmaxPartial(headDim: 1), a, storage: .fp64) == a)
    }

    @Test func mixtralGateKeepsTopTwoAndRenormalises() {
        let logits = Tensor<Double>(shape: [2, 4], elements: [1, 3, 2, 0, 1, 1, 1, 1])
        let routes = MoEGate.route(logits: logits, topK: 2, renormalise: true, storage: .fp64)
        #expect(routes[0].map(\.expert) == [1, 2])
        // softmax over the kept logits {3, 2}: 1/(1 + e^-1), 1/(1 + e).
        #expect(close(routes[0][0].weight, 1 / (1 + exp(-1.0))) && close(routes[0][1].weight, 1 / (1 + exp(1.0))))
        #expect(routes[1].map(\.expert) == [0, 1])                    // ties -> lower index
        #expect(routes[1].map(\.weight) == [0.5, 0.5])
        let plain = MoEGate.route(logits: logits, topK: 2, renormalise: false, storage: .fp64)
        #expect(plain[1].map(\.weight) == [0.25, 0.25])
    }

    @Test func swigluAndGeluOfScalars() {
        // hidden = ffn = 1: x = 2, W_gate = 1, W_up = 3, W_down = 0.5: y = 0.5 * silu(2) * 6.
        let one = { (v: Double) in Tensor<Double>(shape: [1, 1], elements: [v]) }
        let swiglu = ExpertWeights(activation: .swiglu, up: one(3), gate: one(1), down: one(0.5))
        let y = ExpertFFN.forward(one(2), weights: swiglu, storage: .fp64)
        #expect(close(y.elements[0], 3 * 2 / (1 + exp(-2.0))))
        let gelu = ExpertWeights(activation: .gelu, up: one(1), gate: nil, down: one(1))
        #expect(close(ExpertFFN.forward(one(1), weights: gelu, storage: .fp64).elements[0], 0.8413447460685429))
        #expect(ExpertFFN.forward(one(0), weights: gelu, storage: .fp64).elements[0] == 0)
    }

    @Test func expertColumnPartialsSumToTheWholeFFN() {
        // ffn = 2: partial over column 0 plus partial over column 1 is the output (exact here).
        let up = Tensor<Double>(shape: [1, 2], elements: [1, 2]), down = Tensor<Double>(shape: [2, 1], elements: [4, 8])
        let w = ExpertWeights(activation: .gelu, up: up, gate: nil, down: down)
        let x = Tensor<Double>(shape: [1, 1], elements: [0])
        #expect(ExpertFFN.forward(x, weights: w, storage: .fp64).elements == [0])
        let x1 = Tensor<Double>(shape: [1, 1], elements: [3])
        let whole = ExpertFFN.forward(x1, weights: w, storage: .fp64).elements[0]
        let parts = ExpertFFN.forward(x1, weights: w, columns: 0..<1, storage: .fp64).elements[0]
            + ExpertFFN.forward(x1, weights: w, columns: 1..<2, storage: .fp64).elements[0]
        #expect(whole == parts)
    }

    @Test func mixtureCombinesRoutedExpertsWithWeights() {
        let one = { (v: Double) in Tensor<Double>(shape: [1, 1], elements: [v]) }
        // GELU experts whose output at x = 0 is 0 and at large x is ~x * up * down.
        let experts = [ExpertWeights(activation: .gelu, up: one(1), gate: nil, down: one(2)),
                       ExpertWeights(activation: .gelu, up: one(1), gate: nil, down: one(-4))]
        let routes: [[MoEGate.Choice<Double>]] = [[.init(expert: 1, weight: 0.25), .init(expert: 0, weight: 0.75)]]
        let y = MixtureOfExperts.forward(one(10), routes: routes, experts: experts, storage: .fp64)
        #expect(close(y.elements[0], 0.25 * -40 + 0.75 * 20))   // gelu(10) = 10 in Double
    }
}
