/// Per-element ingredients of the expert-FFN error bound, evaluated in Double for a batch
/// `x` `[m, hidden]` (docs/reference.md, "Expert FFN"):
/// - `propagated` E = sum_j e_h(j) |W_down(j, c)|: the intermediate's errors carried through
///   the down projection, where e_h bounds the error of the stored intermediate h_j (from the
///   up/gate dot-product bounds, the activation bound and the product and storage roundings);
/// - `absoluteSum` Y = sum_j |h_j W_down(j, c)|; `output` y = sum_j h_j W_down(j, c).
/// `ErrorBound.expertFFN(_:element:partials:)` turns them into the bound of one output element
/// for a given number of column partials. O(m hidden ffn) to build.
public struct ExpertFFNErrorTerms: Sendable, Equatable {
    public let propagated: [Double]
    public let absoluteSum: [Double]
    public let output: [Double]
    /// Intermediate width (the down projection's reduction length).
    public let ffn: Int

    /// The terms for `x` through `weights` (all Double) under the error model `bound`.
    public init(x: Tensor<Double>, weights: ExpertWeights<Double>, bound: ErrorBound) {
        let m = x.shape[0], hidden = weights.hidden, ffn = weights.ffn
        self.ffn = ffn
        var propagated = [Double](repeating: 0, count: m * hidden)
        var absoluteSum = propagated, output = propagated
        for i in 0..<m {
            var h = [Double](repeating: 0, count: ffn), eh = h
            for j in 0..<ffn {
                func dot(_ w: Tensor<Double>) -> (value: Double, error: Double) {
                    var value = 0.0, s = 0.0
                    for p in 0..<hidden {
                        let term = x.elements[i * hidden + p] * w.elements[p * ffn + j]
                        value += term
                        s += abs(term)
                    }
                    return (value, bound.dot(length: hidden, absoluteSum: s, magnitude: abs(value)))
                }
                let up = dot(weights.up)
                switch weights.activation {
                case .swiglu:
                    let gate = dot(weights.gate!)
                    let a = ExpertFFN.silu(gate.value)
                    let ea = bound.activation(.swiglu, inputError: gate.error, inputMagnitude: abs(gate.value))
                    h[j] = a * up.value
                    var e = abs(a) * up.error + abs(up.value) * ea + ea * up.error
                    e += bound.u * (abs(h[j]) + e)
                    eh[j] = e + bound.storage * (abs(h[j]) + e) + bound.underflow
                case .gelu:
                    h[j] = ExpertFFN.gelu(up.value)
                    let e = bound.activation(.gelu, inputError: up.error, inputMagnitude: abs(up.value))
                    eh[j] = e + bound.storage * (abs(h[j]) + e) + bound.underflow
                }
            }
            for c in 0..<hidden {
                var prop = 0.0, s = 0.0, y = 0.0
                for j in 0..<ffn {
                    let w = weights.down.elements[j * hidden + c]
                    prop += eh[j] * abs(w)
                    s += abs(h[j] * w)
                    y += h[j] * w
                }
                propagated[i * hidden + c] = prop
                absoluteSum[i * hidden + c] = s
                output[i * hidden + c] = y
            }
        }
        self.propagated = propagated
        self.absoluteSum = absoluteSum
        self.output = output
    }
}
