/// MoE plans: cells are experts; fragments contribute FFN column ranges; each expert's
/// merged output on its routed tokens is combined with the gate weights and compared with the
/// unsplit layer output.
extension PlanExecutor {
    func checkMoE(_ op: MoEOperation, plan: PartitionPlan, fragments: [(index: Int, fragment: PlanFragment)],
                  into report: inout CheckReportBuilder) {
        if plan.merge == .onlineSoftmax {
            report.add(.mergeRule, "online-softmax merge does not apply to expert FFNs")
            return
        }
        let storage = plan.storage
        var rng = SeededGenerator(seed: seed)
        let x = rng.tensor(Scalar.self, shape: [op.tokens, op.hidden], format: storage)
        let gateWeights = rng.tensor(Scalar.self, shape: [op.hidden, op.experts], format: storage)
        var experts: [ExpertWeights<Scalar>] = []
        for _ in 0..<op.experts {
            let fanIn = 1 / Double(op.hidden).squareRoot(), fanFFN = 1 / Double(op.ffn).squareRoot()
            let up = rng.tensor(Scalar.self, shape: [op.hidden, op.ffn], magnitude: fanIn, format: storage)
            let gate = op.activation == .swiglu
                ? rng.tensor(Scalar.self, shape: [op.hidden, op.ffn], magnitude: fanIn, format: storage) : nil
            let down = rng.tensor(Scalar.self, shape: [op.ffn, op.hidden], magnitude: fanFFN, format: storage)
            experts.append(ExpertWeights(activation: op.activation, up: up, gate: gate, down: down))
        }
        let logits = GEMM.multiply(x, gateWeights, storage: storage)
        let routes = (0..<op.tokens).map { t in
            MoEGate.weights(logits: Array(logits.elements[t * op.experts..<(t + 1) * op.experts]),
                            chosen: op.routing[t], renormalise: op.renormalise, storage: storage)
        }

        var columns: [[Range<Int>]] = Array(repeating: [], count: op.experts)
        var writers: [[Int]] = Array(repeating: [], count: op.experts)
        for (index, fragment) in fragments {
            for e in fragment.region.experts ?? Array(0..<op.experts) {
                columns[e].append(fragment.region.columns ?? 0..<op.ffn)
                writers[e].append(index)
            }
        }
        let bound = ErrorBound(Scalar.self, storage: storage)
        // Per expert: token -> (reference output, split output, bound(reference), bound(split)).
        var referenceOut: [[Int: [Scalar]]] = Array(repeating: [:], count: op.experts)
        var splitOut = referenceOut
        var boundOut: [[Int: [Double]]] = Array(repeating: [:], count: op.experts)
        var magnitudeOut = boundOut
        for e in 0..<op.experts {
            let tokens = op.tokens(routedTo: e)
            guard !tokens.isEmpty else { continue }
            reportCoverage(columns[e], required: 0..<op.ffn, what: "expert \(e) FFN columns", element: [e],
                           writers: writers[e], into: &report)
            let xe = MixtureOfExperts.gather(x, rows: tokens)
            let reference = ExpertFFN.forward(xe, weights: experts[e], storage: storage)
            var split: Tensor<Scalar>
            if columns[e] == [0..<op.ffn] {
                split = reference
            } else {
                var accumulator = Tensor<Scalar>(shape: reference.shape)
                for (f, cols) in columns[e].enumerated() {
                    let partial = ExpertFFN.forward(xe, weights: experts[e], columns: cols, storage: storage)
                    for i in accumulator.elements.indices {
                        accumulator.elements[i] = plan.merge == .sumPartials && f > 0
                            ? accumulator.elements[i] + partial.elements[i] : partial.elements[i]
                    }
                }
                split = accumulator.rounded(to: storage)
            }
            let terms = ExpertFFNErrorTerms(
                x: xe.converted(to: Double.self),
                weights: ExpertWeights(activation: op.activation, up: experts[e].up.converted(to: Double.self),
                                       gate: experts[e].gate?.converted(to: Double.self),
                                       down: experts[e].down.converted(to: Double.self)),
                bound: bound)
            let partials = max(1, columns[e].count)
            for (row, t) in tokens.enumerated() {
                let range = row * op.hidden..<(row + 1) * op.hidden
                referenceOut[e][t] = Array(reference.elements[range])
                splitOut[e][t] = Array(split.elements[range])
                boundOut[e][t] = range.map {
                    bound.expertFFN(terms, element: $0, partials: 1) + bound.expertFFN(terms, element: $0, partials: partials)
                }
                magnitudeOut[e][t] = range.map { abs(terms.output[$0]) }
            }
        }
        let reference = MixtureOfExperts.combine(routes: routes, hidden: op.hidden, storage: storage) { referenceOut[$0][$1]! }
        let split = MixtureOfExperts.combine(routes: routes, hidden: op.hidden, storage: storage) { splitOut[$0][$1]! }
        let k = op.routing[0].count
        for t in 0..<op.tokens {
            for c in 0..<op.hidden {
                // e_comb = sum |w| B + gamma_k sum |w| (|out| + B), plus storage of y; B is
                // already the sum of both expert bounds, so this covers both combines (+ eta each).
                var weighted = 0.0, magnitude = 0.0, y = 0.0
                for choice in routes[t] {
                    let w = abs(Double(choice.weight))
                    let b = boundOut[choice.expert][t]![c], o = magnitudeOut[choice.expert][t]![c]
                    weighted += w * b
                    magnitude += w * (o + b)
                    y += w * o
                }
                let e = weighted + 2 * bound.gamma(k) * magnitude
                let tolerance = PlanExecutor.boundInflation * (e + 2 * bound.storage * (y + e) + 2 * bound.underflow)
                report.compare(element: [t, c], contributors: routes[t].flatMap { writers[$0.expert] }, expected: Double(reference.elements[t * op.hidden + c]),
                               actual: Double(split.elements[t * op.hidden + c]), tolerance: tolerance,
                               what: "token \(t) output element \(c)")
            }
        }
    }
}
