import Foundation
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
/// O(fields) per operator, no allocation once the buffer has grown: the words of an operator are
/// written through one pointer (one uniqueness check per operator, not per word).
struct SegmentKeyBuilder {
    /// The key's words are `storage[0..<count]`; the rest is spare room.
    private var storage: [Int] = []
    private(set) var count = 0
    private(set) var hash: UInt64 = 0

    /// Appends the key's words to `arena`.
    func appendWords(to arena: inout [Int]) {
        storage.withUnsafeBufferPointer { arena.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    /// Whether the key's words equal `other`.
    func hasWords(_ other: UnsafeBufferPointer<Int>) -> Bool {
        guard other.count == count else { return false }
        return count == 0 || storage.withUnsafeBufferPointer { mine in
            memcmp(mine.baseAddress!, other.baseAddress!, count * MemoryLayout<Int>.stride) == 0
        }
    }

    /// Empties the key (keeping the buffer).
    mutating func reset() {
        count = 0
        hash = 0xCBF2_9CE4_8422_2325
    }

    /// Appends operator `op` of the segment starting at position `segmentStart`, which runs on
    /// the devices `range`: `dependencies` of its in-stage dependencies (positions in
    /// `dependencyList`, list order) lie inside the segment.
    /// (`op` points at the operator: its fields are read in place, never copied.)
    mutating func append(_ op: UnsafePointer<Operator>, range: Range<Int>, target: PlacementTarget, dependencies: Int32,
                         segmentStart: Int, dependencyList: UnsafeBufferPointer<Int32>, localPosition: [Int32]) {
        // At most 16 fixed words (an attention shape has 7), then the dependencies.
        let needed = 16 + dependencyList.count
        if count + needed > storage.count {
            storage.append(contentsOf: repeatElement(0, count: max(needed, storage.count)))
        }
        var words = KeyWords(count: count)
        let first = count
        var hash = self.hash
        storage.withUnsafeMutableBufferPointer { buffer in
            words.base = buffer.baseAddress!
            let kind = op.pointee.kind
            words.add(kind.keyCode)
            words.add(op.pointee.dtype.keyCode)
            words.add(op.pointee.shards)
            words.addShape(op.pointee.shape)
            words.add(op.pointee.expert ?? -1)
            words.add(kind == .attention ? (op.pointee.request ?? op.pointee.id) : (op.pointee.request ?? -1))
            words.add(range.lowerBound)
            words.add(range.upperBound)
            words.add(target == .memoryProcessor ? 1 : 0)
            words.add(Int(dependencies))
            for j in dependencyList where Int(j) >= segmentStart { words.add(Int(localPosition[Int(j) - segmentStart])) }
            hash = Self.hash(UnsafeBufferPointer(rebasing: buffer[first..<words.count]), into: hash)
        }
        count = words.count
        self.hash = hash
    }

    /// `hash` extended by `words` (one operator's): two interleaved multiply chains, so the
    /// latency per word is half a chain step; any function of the word list serves (equal keys
    /// get equal hashes; a hit still compares the words).
    @inline(__always)
    private static func hash(_ words: UnsafeBufferPointer<Int>, into hash: UInt64) -> UInt64 {
        var a = hash, b = hash ^ 0x5851_F42D_4C95_7F2D
        var k = 0
        let n = words.count
        while k + 1 < n {
            a = (a ^ UInt64(bitPattern: Int64(words[k]))) &* 0x9E37_79B9_7F4A_7C15
            b = (b ^ UInt64(bitPattern: Int64(words[k + 1]))) &* 0xC2B2_AE3D_27D4_EB4F
            k += 2
        }
        if k < n { a = (a ^ UInt64(bitPattern: Int64(words[k]))) &* 0x9E37_79B9_7F4A_7C15 }
        let h = (a ^ (b >> 31) ^ (b << 17)) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 29)
    }
}

/// A cursor writing key words into a buffer with room for them.
private struct KeyWords {
    var count: Int
    var base: UnsafeMutablePointer<Int>? = nil

    init(count: Int) {
        self.count = count
    }

    @inline(__always)
    mutating func add(_ word: Int) {
        base.unsafelyUnwrapped[count] = word
        count += 1
    }

    @inline(__always)
    mutating func addShape(_ shape: OperatorShape) {
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
