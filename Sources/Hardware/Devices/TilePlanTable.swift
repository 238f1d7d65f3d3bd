import Units
import Workloads

/// The memory-side tile plans one replay workspace has booked (`MemoryProcessorTilePlan`, from
/// the system's shared `KernelCostCache`), flattened for the booking loop: chains and tiles in
/// two flat arrays, the bytes summed once, the xPU reduction's time computed once. Looked up by
/// an integer fingerprint of the `ShapeKey` in an open-addressing index, without a lock or a
/// `Hasher` (the workspace is single-threaded); a hit compares the whole key, so which plan a
/// shape gets is unchanged. ReplayRun+MemoryProcessor.swift. A class, so that the workspace
/// calls it without copying (and retaining) its arrays.
final class TilePlanTable {
    struct Plan {
        var chainStart: Int32
        var chainEnd: Int32
        /// Bytes the memory-side units move (all tiles), per shard.
        var memoryProcessorBytes: ByteCount
        /// Bytes of the xPU's final reduction (0 when none) and its time on the xPU.
        var reductionBytes: ByteCount
        var reductionTime: SimTime
    }
    struct Chain {
        /// The stack of request 0 (the caller rotates attention chains).
        var stack: Int32
        var tileStart: Int32
        var tileEnd: Int32
    }
    struct Tile {
        /// Picoseconds.
        var duration: Int64
        /// On the stack's softmax unit (else on its compute units and bundles).
        var softmax: Bool
    }

    private(set) var plans: [Plan] = []
    private(set) var chains: [Chain] = []
    private(set) var tiles: [Tile] = []
    private var keys: [ShapeKey] = []
    private var fingerprints: [UInt64] = []
    /// Plan index + 1 per slot, 0 when empty; a power of two, at least twice the plans.
    private var slots: [Int32] = Array(repeating: 0, count: 256)
    /// Plans held before the table starts over (shapes vary without bound in principle).
    static let capacity = 1 << 16

    /// An integer fingerprint of `key` (equal keys, equal fingerprints): the fields that tell the
    /// hot shapes apart, else the key's `hashValue` (which only places it in the index).
    static func fingerprint(_ key: ShapeKey) -> UInt64 {
        var h: UInt64
        switch key.shape {
        case .attention(let a):
            h = UInt64(truncatingIfNeeded: a.cachedTokens) &* 0x9E37_79B9_7F4A_7C15
            h ^= UInt64(truncatingIfNeeded: a.newTokens) &* 0xBF58_476D_1CE4_E5B9
            h ^= UInt64(truncatingIfNeeded: a.kvHeads << 20 ^ a.groupSize << 10 ^ a.headDim) &* 0x94D0_49BB_1331_11EB
        case .ffn(let f):
            h = UInt64(truncatingIfNeeded: f.tokens) &* 0x9E37_79B9_7F4A_7C15
            h ^= UInt64(truncatingIfNeeded: f.ffn) &* 0xBF58_476D_1CE4_E5B9
            h ^= UInt64(truncatingIfNeeded: f.hidden) &* 0x94D0_49BB_1331_11EB
        default:
            h = UInt64(bitPattern: Int64(key.hashValue))
        }
        h ^= key.interleaved ? 0xD6E8_FEB8_6659_FD93 : 0
        h ^= h >> 29
        return h
    }

    /// The index of the plan stored for `key` (whose fingerprint is `fingerprint`), or nil.
    @inline(__always)
    func find(_ key: ShapeKey, fingerprint: UInt64) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (fingerprint &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let p = Int(slots[slot]) - 1
            if p < 0 { return nil }
            if fingerprints[p] == fingerprint && Self.equal(keys[p], key) { return p }
            slot = (slot + 1) & mask
        }
    }

    /// `a == b` (ShapeKey's synthesised equality), with the attention case (the hot one) unwrapped
    /// first.
    @inline(__always)
    private static func equal(_ a: ShapeKey, _ b: ShapeKey) -> Bool {
        if case .attention(let x) = a.shape, case .attention(let y) = b.shape {
            return x == y && a.dtype == b.dtype && a.interleaved == b.interleaved
        }
        return a == b
    }

    /// Stores `plan` for `key`; returns its index. `reductionTime`: the xPU time of its reduction.
    func add(_ plan: MemoryProcessorTilePlan, key: ShapeKey, fingerprint: UInt64, reductionTime: SimTime) -> Int {
        if plans.count >= Self.capacity { removeAll() }
        let chainStart = Int32(chains.count)
        for chain in plan.chains {
            let tileStart = Int32(tiles.count)
            for tile in chain.tiles {
                switch tile.kind {
                case .compute: tiles.append(Tile(duration: tile.duration.picoseconds, softmax: false))
                case .softmax: tiles.append(Tile(duration: tile.duration.picoseconds, softmax: true))
                }
            }
            chains.append(Chain(stack: Int32(chain.stack), tileStart: tileStart, tileEnd: Int32(tiles.count)))
        }
        plans.append(Plan(chainStart: chainStart, chainEnd: Int32(chains.count), memoryProcessorBytes: plan.memoryProcessorBytes,
                          reductionBytes: plan.reductionBytes, reductionTime: reductionTime))
        keys.append(key)
        fingerprints.append(fingerprint)
        if 2 * plans.count > slots.count {
            slots = Array(repeating: 0, count: 2 * slots.count)
            for p in 0..<plans.count - 1 { place(p) }
        }
        place(plans.count - 1)
        return plans.count - 1
    }

    private func place(_ p: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (fingerprints[p] &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(p + 1)
    }

    private func removeAll() {
        plans.removeAll(keepingCapacity: true)
        chains.removeAll(keepingCapacity: true)
        tiles.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        fingerprints.removeAll(keepingCapacity: true)
        slots = Array(repeating: 0, count: 256)
    }
}
