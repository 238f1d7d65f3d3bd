/// A MoE layer's expert part: every token's output is the weighted sum of the outputs of the
/// experts the gate chose for it, y_t = sum_(e, w) in route(t) w * FFN_e(x_t).
///
/// Each expert runs once on the tokens routed to it (gathered in token order), so an expert's
/// cost is proportional to its token count. The weighted sum is accumulated in route order
/// (descending weight) and rounded to storage. O(sum_e tokens_e hidden ffn).
public enum MixtureOfExperts {
    /// Tokens routed to `expert`, in ascending token order.
    public static func tokens<T>(routedTo expert: Int, routes: [[MoEGate.Choice<T>]]) -> [Int] {
        routes.indices.filter { t in routes[t].contains { $0.expert == expert } }
    }

    /// The rows `rows` of `x` `[m, hidden]` as a new `[|rows|, hidden]` tensor.
    public static func gather<T>(_ x: Tensor<T>, rows: [Int]) -> Tensor<T> {
        let width = x.shape[1]
        var elements: [T] = []
        elements.reserveCapacity(rows.count * width)
        for r in rows { elements.append(contentsOf: x.elements[r * width..<(r + 1) * width]) }
        return Tensor(shape: [rows.count, width], elements: elements)
    }

    /// The layer output `[m, hidden]` for input `x` `[m, hidden]`, routes from `MoEGate.route`
    /// and one `ExpertWeights` per expert.
    public static func forward<T: ReferenceScalar>(
        _ x: Tensor<T>, routes: [[MoEGate.Choice<T>]], experts: [ExpertWeights<T>], storage: StorageFormat
    ) -> Tensor<T> {
        precondition(routes.count == x.shape[0], "one route list per token")
        var perExpert: [[Int: [T]]] = Array(repeating: [:], count: experts.count)
        for e in experts.indices {
            let rows = tokens(routedTo: e, routes: routes)
            guard !rows.isEmpty else { continue }
            let out = ExpertFFN.forward(gather(x, rows: rows), weights: experts[e], storage: storage)
            let width = out.shape[1]
            for (i, t) in rows.enumerated() { perExpert[e][t] = Array(out.elements[i * width..<(i + 1) * width]) }
        }
        return combine(routes: routes, hidden: x.shape[1], storage: storage) { e, t in perExpert[e][t]! }
    }

    /// y_t = sum over route(t), in route order, of w * output(expert, token), rounded to storage.
    public static func combine<T: ReferenceScalar>(
        routes: [[MoEGate.Choice<T>]], hidden: Int, storage: StorageFormat, output: (Int, Int) -> [T]
    ) -> Tensor<T> {
        var y = Tensor<T>(shape: [routes.count, hidden])
        for (t, choices) in routes.enumerated() {
            var acc = Array(repeating: T(0), count: hidden)
            for choice in choices {
                let o = output(choice.expert, t)
                for c in 0..<hidden { acc[c] += choice.weight * o[c] }
            }
            for c in 0..<hidden { y.elements[t * hidden + c] = storage.round(acc[c]) }
        }
        return y
    }
}
