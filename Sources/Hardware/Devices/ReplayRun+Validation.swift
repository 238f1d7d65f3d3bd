import Units
import Workloads

extension ReplayRun {
    /// Checks ids, stages, dependencies, data types and device counts, collecting every problem;
    /// builds the dependency graph (flat arrays, no per-operator allocation) and the targets.
    ///
    /// Dependencies are resolved by id: in O(1) when the ids are consecutive (operators a
    /// scheduler built), else by binary search. O(operators + dependencies).
    func validate(source: String) throws(WorkloadInputError) {
        // The hot loops work on local arrays (moved out of the workspace and back), so they pay
        // neither class-property exclusivity checks nor copies of whole operators.
        var dtypes = take(&self.dtypes), pending = take(&self.pending), placements = take(&self.placements)
        var ranges = take(&self.ranges)
        var dependencyStart = take(&self.dependencyStart), dependencyList = take(&self.dependencyList)
        var dependentStart = take(&self.dependentStart), dependentList = take(&self.dependentList)
        defer {
            self.dtypes = dtypes; self.pending = pending; self.placements = placements; self.ranges = ranges
            self.dependencyStart = dependencyStart; self.dependencyList = dependencyList
            self.dependentStart = dependentStart; self.dependentList = dependentList
        }
        let operators = self.operators, layout = self.layout, placement = self.placement, explicitTargets = self.explicitTargets
        var problems: [InputProblem] = []
        func fail(_ op: UnsafePointer<Operator>, _ field: String, _ reason: String) {
            problems.append(InputProblem(source: "\(source): operator \(op.pointee.id)", field: field, reason: reason))
        }
        let n = operators.count
        let deviceCount = system.config.deviceCount
        var idsIncrease = true
        dtypes.reserveCapacity(n)
        placements.reserveCapacity(n)
        ranges.reserveCapacity(n)
        dependencyStart.reserveCapacity(n + 1)
        // Fields are read through a pointer to the operator (no copy of the whole operator).
        operators.withUnsafeBufferPointer { ops in
            guard let base = ops.baseAddress else { return }
            for i in 0..<n {
                let op = base + i
                if i > 0 {
                    let previous = op - 1
                    if op.pointee.id <= previous.pointee.id {
                        idsIncrease = false
                        fail(op, "id", "does not increase (previous id \(previous.pointee.id))")
                    }
                    if op.pointee.stage < previous.pointee.stage {
                        fail(op, "stage", "\(op.pointee.stage) goes back (previous stage \(previous.pointee.stage))")
                    }
                }
                switch op.pointee.dtype {
                case .fp16: dtypes.append(.fp16)
                case .bf16: dtypes.append(.bf16)
                case .fp32, .fp8:
                    dtypes.append(.fp16)
                    fail(op, "dtype", "\(op.pointee.dtype.rawValue) is not modelled; the devices time fp16 and bf16")
                }
                let kind = op.pointee.kind, expert = op.pointee.expert
                let range = layout.deviceRange(kind: kind, expert: expert, shards: op.pointee.shards)
                ranges.append(range)
                if range.upperBound > deviceCount {
                    fail(op, "shards", "runs on devices \(range.lowerBound)..<\(range.upperBound) but \(system.config.name) has \(deviceCount)")
                }
                if kind == .expertFFN, layout.experts > 0, let e = expert, e >= layout.experts {
                    fail(op, "expert", "\(e) is outside the model's \(layout.experts) experts")
                }
            }
        }
        let decodeOnly = explicitTargets.isEmpty ? decodeOnlyStages() : []
        let consecutive = idsIncrease && n > 0 && operators[n - 1].id - operators[0].id == n - 1
        let firstID = n > 0 ? operators[0].id : 0
        // Dependencies before the current block's first position are not waited for (like an
        // earlier stage's): blocks run apart.
        let blockEnds = self.blockEnds
        var blockFloor = 0, nextBlockEnd = 0
        pending.append(contentsOf: repeatElement(0, count: n))
        dependentStart.append(contentsOf: repeatElement(0, count: n + 1))
        dependencyStart.append(0)
        operators.withUnsafeBufferPointer { ops in
            guard let base = ops.baseAddress else { return }
            for i in 0..<n {
                let op = base + i
                let stage = op.pointee.stage
                while nextBlockEnd < blockEnds.count && blockEnds[nextBlockEnd] <= i {
                    blockFloor = blockEnds[nextBlockEnd]
                    nextBlockEnd += 1
                }
                op.pointee.dependencies.withUnsafeBufferPointer { dependencies in
                    for dep in dependencies {
                        let j: Int
                        if consecutive {
                            j = dep - firstID
                            guard j >= 0 && j < i else {
                                fail(op, "dependencies", "\(dep) is not an earlier operator")
                                continue
                            }
                        } else {
                            guard let found = Self.index(ofID: dep, before: i, in: ops) else {
                                fail(op, "dependencies", "\(dep) is not an earlier operator")
                                continue
                            }
                            j = found
                        }
                        if base[j].stage == stage && j >= blockFloor {
                            pending[i] += 1
                            dependencyList.append(Int32(j))
                            dependentStart[j + 1] += 1
                        }
                    }
                }
                dependencyStart.append(Int32(dependencyList.count))
                if op.pointee.kind.opClass == .communication {
                    placements.append(.xpu)
                } else {
                    placements.append(explicitTargets.isEmpty ? placement.target(of: ops[i], decodeOnlyStage: decodeOnly[i]) : explicitTargets[i])
                }
            }
        }
        guard problems.isEmpty else { throw WorkloadInputError(problems) }
        // Dependents: counts -> offsets, then filled in operator order (each list ascending).
        for i in 0..<n { dependentStart[i + 1] += dependentStart[i] }
        dependentList.append(contentsOf: repeatElement(0, count: dependencyList.count))
        var cursor = dependentStart
        for i in 0..<n {
            for k in Int(dependencyStart[i])..<Int(dependencyStart[i + 1]) {
                let j = Int(dependencyList[k])
                dependentList[Int(cursor[j])] = Int32(i)
                cursor[j] += 1
            }
        }
        let unstarted = TimedOperator(unit: .xpu, start: .max, end: .zero, movedBytes: .zero, energyPerShard: .zero)
        timed.append(contentsOf: repeatElement(unstarted, count: n))
    }

    /// Whether each operator's stage is decode-only (no attention with more than one new token),
    /// by operator position. Stages are contiguous runs (a stage that goes back has failed).
    private func decodeOnlyStages() -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(operators.count)
        var first = 0
        while first < operators.count {
            var last = first
            var decodeOnly = true
            while true {
                if case .attention(let shape) = operators[last].shape, shape.newTokens > 1 { decodeOnly = false }
                if last + 1 < operators.count && operators[last + 1].stage == operators[first].stage { last += 1 } else { break }
            }
            flags.append(contentsOf: repeatElement(decodeOnly, count: last - first + 1))
            first = last + 1
        }
        return flags
    }

    /// The index of the operator with id `id` among the first `limit` of `ops` (ids increase), or nil.
    private static func index(ofID id: Int, before limit: Int, in ops: UnsafeBufferPointer<Operator>) -> Int? {
        var low = 0, high = limit
        while low < high {
            let mid = (low + high) / 2
            if ops[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < limit && ops[low].id == id ? low : nil
    }
}

/// The value of `array`, leaving it empty (so the caller holds the only reference).
func take<T>(_ array: inout [T]) -> [T] {
    var taken: [T] = []
    swap(&taken, &array)
    return taken
}
