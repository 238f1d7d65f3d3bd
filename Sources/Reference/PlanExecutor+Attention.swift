/// Attention plans: cells are (request, KV head, query row); fragments contribute key ranges
/// to cells; the merged output of every query head of the cell's group is compared with the
/// unsplit reference row.
extension PlanExecutor {
    /// Decode (`prefill == false`: one query row per request, all `lengths[r]` keys visible)
    /// or prefill (`lengths[r]` rows, causal or not).
    func checkAttention(shape: AttentionShape, lengths: [Int], prefill: Bool, causal: Bool, plan: PartitionPlan,
                        fragments: [(index: Int, fragment: PlanFragment)], into report: inout CheckReportBuilder) {
        var rng = SeededGenerator(seed: seed)
        let h = shape.queryHeads, hkv = shape.kvHeads, d = shape.headDim
        var queries: [Tensor<Scalar>] = [], keys: [Tensor<Scalar>] = [], values: [Tensor<Scalar>] = []
        for length in lengths {
            queries.append(rng.tensor(Scalar.self, shape: [prefill ? length : 1, h, d], magnitude: 4, format: plan.storage))
            keys.append(rng.tensor(Scalar.self, shape: [length, hkv, d], format: plan.storage))
            values.append(rng.tensor(Scalar.self, shape: [length, hkv, d], format: plan.storage))
        }
        func visible(_ length: Int, _ row: Int) -> Range<Int> { prefill && causal ? 0..<(row + 1) : 0..<length }

        // contributions[r][kvHead][row]: key ranges, in fragment order; writers: their fragments.
        var contributions: [[[[Range<Int>]]]] = lengths.map { length in
            Array(repeating: Array(repeating: [], count: prefill ? length : 1), count: hkv)
        }
        var writers: [[[[Int]]]] = contributions.map { $0.map { $0.map { _ in [] } } }
        for (index, fragment) in fragments {
            let region = fragment.region
            for r in region.requests ?? 0..<lengths.count {
                let length = lengths[r]
                let rows = prefill ? (region.queryTokens ?? 0..<length).clamped(to: 0..<length) : 0..<1
                for kvHead in region.kvHeads ?? 0..<hkv {
                    for row in rows {
                        let keyRange = (region.keyTokens ?? 0..<length).clamped(to: visible(length, row))
                        if !keyRange.isEmpty {
                            contributions[r][kvHead][row].append(keyRange)
                            writers[r][kvHead][row].append(index)
                        }
                    }
                }
            }
        }

        let scale = shape.scale(Scalar.self)
        let bound = ErrorBound(Scalar.self, storage: plan.storage)
        for (r, length) in lengths.enumerated() {
            let q64 = queries[r].converted(to: Double.self), k64 = keys[r].converted(to: Double.self)
            let v64 = values[r].converted(to: Double.self)
            for kvHead in 0..<hkv {
                for row in 0..<(prefill ? length : 1) {
                    let ranges = contributions[r][kvHead][row]
                    let seen = visible(length, row)
                    reportCoverage(ranges, required: seen,
                                   what: "request \(r) KV head \(kvHead) row \(row) keys", element: [r, kvHead, row],
                                   writers: writers[r][kvHead][row], into: &report)
                    for head in kvHead * shape.group..<(kvHead + 1) * shape.group {
                        let reference = Attention.referenceRow(
                            query: queries[r], row: row, head: head, keys: keys[r], values: values[r],
                            keyCount: seen.count, shape: shape, scale: scale, storage: plan.storage)
                        let actual: [Scalar]
                        if ranges == [seen] {
                            actual = reference
                        } else if ranges.isEmpty {
                            actual = Array(repeating: 0, count: d)
                        } else {
                            let partials = ranges.map {
                                Attention.partial(query: queries[r], row: row, head: head, keys: keys[r],
                                                  values: values[r], tokens: $0, shape: shape, scale: scale,
                                                  storage: plan.storage)
                            }
                            actual = Self.merge(partials, rule: plan.merge, storage: plan.storage)
                        }
                        let magnitudes = Self.attentionMagnitudes(query: q64, row: row, head: head, keys: k64,
                                                                  values: v64, keyCount: seen.count, shape: shape,
                                                                  scale: Double(scale))
                        for c in 0..<d {
                            func tolerance(_ fragments: Int) -> Double {
                                bound.attention(headDim: d, keys: seen.count, fragments: fragments,
                                                scoreMagnitude: magnitudes.scores, weightedValues: magnitudes.weighted[c],
                                                valueSum: magnitudes.valueSum[c], magnitude: abs(magnitudes.output[c]))
                            }
                            report.compare(element: [r, head, row, c], contributors: writers[r][kvHead][row], expected: Double(reference[c]),
                                           actual: Double(actual[c]),
                                           tolerance: Self.boundInflation * (tolerance(1) + tolerance(max(1, ranges.count))),
                                           what: "request \(r) head \(head) row \(row) element \(c)")
                        }
                    }
                }
            }
        }
    }

    /// Merges partials over key ranges as the plan says and finalizes o / l.
    /// `onlineSoftmax` is the correct rule; `sumPartials` adds o and l without rescaling (the
    /// classic bug); `concatenate` keeps the last writer.
    static func merge(_ partials: [OnlineSoftmaxPartial<Scalar>], rule: MergeRule, storage: StorageFormat) -> [Scalar] {
        switch rule {
        case .onlineSoftmax:
            var merged = partials[0]
            for p in partials.dropFirst() { merged = OnlineSoftmaxPartial.merged(merged, p, storage: storage) }
            return merged.finalized(storage: storage)
        case .sumPartials:
            var sum: Scalar = 0
            var accumulator = Array(repeating: Scalar(0), count: partials[0].accumulator.count)
            for p in partials {
                sum += p.sum
                for c in accumulator.indices { accumulator[c] += p.accumulator[c] }
            }
            return OnlineSoftmaxPartial(maximum: partials[0].maximum, sum: storage.round(sum),
                                        accumulator: accumulator.map { storage.round($0) }).finalized(storage: storage)
        case .concatenate:
            return partials[partials.count - 1].finalized(storage: storage)
        }
    }

    /// Bound ingredients in Double: S = |scale| max_j sum_c |q_c k_jc|, W_c = sum_j p_j |v_jc|
    /// V_c = sum_j |v_jc| and o_c = sum_j p_j v_jc, with p the Double softmax of the Double scores.
    static func attentionMagnitudes(query: Tensor<Double>, row: Int, head: Int, keys: Tensor<Double>,
                                    values: Tensor<Double>, keyCount: Int, shape: AttentionShape,
                                    scale: Double) -> (scores: Double, weighted: [Double], valueSum: [Double], output: [Double]) {
        let d = shape.headDim, hkv = shape.kvHeads, kvHead = head / shape.group
        let qBase = (row * shape.queryHeads + head) * d
        var maxAbs = 0.0
        var scores: [Double] = []
        for j in 0..<keyCount {
            let kBase = (j * hkv + kvHead) * d
            var dot = 0.0, absDot = 0.0
            for c in 0..<d {
                let term = query.elements[qBase + c] * keys.elements[kBase + c]
                dot += term
                absDot += abs(term)
            }
            maxAbs = max(maxAbs, absDot)
            scores.append(dot * scale)
        }
        let p = Softmax.stable(scores, storage: .fp64)
        var weighted = Array(repeating: 0.0, count: d), output = weighted, valueSum = weighted
        for j in 0..<keyCount {
            let vBase = (j * hkv + kvHead) * d
            for c in 0..<d {
                weighted[c] += p[j] * abs(values.elements[vBase + c])
                output[c] += p[j] * values.elements[vBase + c]
                valueSum[c] += abs(values.elements[vBase + c])
            }
        }
        return (abs(scale) * maxAbs, weighted, valueSum, output)
    }
}
