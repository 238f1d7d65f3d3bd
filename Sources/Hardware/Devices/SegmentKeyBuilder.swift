import Workloads

/// The content of a segment as a flat list of integers, with a running 64-bit hash: the memo key
/// of `SegmentMemo` (ReplayRun+Segments.swift).
///
/// Per operator, in order: kind, dtype, shards, the shape's fields (a case tag, then every
/// field), the expert, the value decode-attention placement reads (`request`, or the id when
/// there is none, for attention; the request or -1 otherwise), the device range, the target,
/// then the number of dependencies inside the segment and each as a position inside the keyed
/// group of operators (list order, duplicates kept). These are everything the booking
/// code reads of an operator besides the system, which a memo never crosses: the cost derives
/// from shape and dtype, the space mask and attention rotation from kind, shape, expert and
/// request. Ids, stage and layer only label records. **If booking starts to read another field
/// of `Operator`, add it here.**
///
/// Equality of two keys is equality of the lists (the hash only finds candidates).
/// O(fields) per operator, no allocation once the buffer has grown.
struct SegmentKeyBuilder {
    private(set) var words: [Int] = []
    private(set) var hash: UInt64 = 0

    /// Empties the key (keeping the buffer).
    mutating func reset() {
        words.removeAll(keepingCapacity: true)
        hash = 0xCBF2_9CE4_8422_2325
    }

    private mutating func add(_ word: Int) {
        words.append(word)
        hash = (hash ^ UInt64(bitPattern: Int64(word))) &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 29
    }

    /// Appends operator `op` of the segment starting at position `segmentStart`, which runs on
    /// the devices `range`: `dependencies` of its in-stage dependencies (positions in
    /// `dependencyList`, list order) lie inside the segment.
    /// (`op` points at the operator: its fields are read in place, never copied.)
    mutating func append(_ op: UnsafePointer<Operator>, range: Range<Int>, target: PlacementTarget, dependencies: Int32,
                         segmentStart: Int, dependencyList: UnsafeBufferPointer<Int32>, localPosition: [Int32]) {
        let kind = op.pointee.kind
        add(kind.keyCode)
        add(op.pointee.dtype.keyCode)
        add(op.pointee.shards)
        addShape(op.pointee.shape)
        add(op.pointee.expert ?? -1)
        add(kind == .attention ? (op.pointee.request ?? op.pointee.id) : (op.pointee.request ?? -1))
        add(range.lowerBound)
        add(range.upperBound)
        add(target == .memoryProcessor ? 1 : 0)
        add(Int(dependencies))
        for j in dependencyList where Int(j) >= segmentStart { add(Int(localPosition[Int(j) - segmentStart])) }
    }

    private mutating func addShape(_ shape: OperatorShape) {
        switch shape {
        case .gemm(let g):
            add(0); add(g.tokens); add(g.inFeatures); add(g.outFeatures); add(g.kvOutFeatures)
        case .attention(let a):
            add(1); add(a.newTokens); add(a.cachedTokens); add(a.groupSize); add(a.kvHeads); add(a.headDim)
            add(a.scores.keyCode)
        case .ffn(let f):
            add(2); add(f.tokens); add(f.hidden); add(f.ffn); add(f.kind.keyCode)
            add(f.intermediates.keyCode)
        case .norm(let n):
            add(3); add(n.tokens); add(n.hidden); add(n.kind.keyCode)
        case .router(let r):
            add(4); add(r.tokens); add(r.hidden); add(r.experts); add(r.topK)
        case .collective(let c):
            add(5); add(c.pattern.keyCode); add(c.groupSize); add(c.elements)
        }
    }
}

// Integer codes of the IR's enums for the key (exhaustive switches: a new case must get a code).

private extension OperatorKind {
    var keyCode: Int {
        switch self {
        case .norm: 0
        case .qkvProjection: 1
        case .attention: 2
        case .outputProjection: 3
        case .router: 4
        case .expertFFN: 5
        case .denseFFN: 6
        case .allReduce: 7
        case .allToAll: 8
        case .lmHead: 9
        }
    }
}

private extension DType {
    var keyCode: Int {
        switch self {
        case .fp32: 0
        case .fp16: 1
        case .bf16: 2
        case .fp8: 3
        }
    }
}

private extension FFNKind {
    var keyCode: Int {
        switch self {
        case .swiglu: 0
        case .geglu: 1
        case .gelu: 2
        case .relu: 3
        }
    }
}

private extension NormKind {
    var keyCode: Int {
        switch self {
        case .rmsnorm: 0
        case .layernorm: 1
        }
    }
}

private extension ScoreHandling {
    var keyCode: Int {
        switch self {
        case .materialized: 0
        case .fused: 1
        }
    }
}

private extension IntermediateHandling {
    var keyCode: Int {
        switch self {
        case .materialized: 0
        case .onChip: 1
        }
    }
}

private extension CollectiveShape.Pattern {
    var keyCode: Int {
        switch self {
        case .allReduce: 0
        case .allToAll: 1
        }
    }
}
