/// The operators of one stage with the blocks every layer repeats stored once
/// (`OperatorGraphBuilder.compactOperators(for:router:)`; docs/serving.md, "Compact stages").
///
/// A stage's operator list is a sequence of *blocks*; a block's *entry* operators (its first
/// ones) depend on every operator of the block before that nothing in that block depends on, so
/// every earlier operator reaches them. Per MoE layer: the head (norm, QKV, one attention per
/// request, output projection, all-reduce, norm, router, dispatch), identical in every layer of a
/// stage but for ids and the layer label, then the expert block (experts, combine, all-reduce),
/// which depends on the layer's routing; a dense layer is one block, identical in every dense
/// layer; then the model-level block (norm, LM head).
///
/// `operators` holds every distinct block once, contiguous (`blocks`), with consecutive ids from
/// `firstID`; operators depend only inside their block (entry operators on nothing, unless a
/// caller adds dependencies inside the block). `sequence` lists the blocks in stage order with
/// their layers. `expanded(firstID:)` rebuilds the full operator list.
public struct CompactStage: Sendable {
    /// One block of the stage, in stage order.
    public struct Occurrence: Hashable, Sendable {
        /// Index into `blocks`.
        public let block: Int
        /// The layer label of its operators (nil for the model-level block).
        public let layer: Int?

        public init(block: Int, layer: Int?) {
            self.block = block
            self.layer = layer
        }
    }

    public let stage: Int
    /// The id of `operators[0]`; ids are consecutive.
    public let firstID: Int
    /// Every distinct block once (dependencies inside the block only). Mutable so that a caller
    /// can add dependencies inside a block (`UnitSerialisation`).
    public var operators: [Operator]
    /// Operator positions of each distinct block; together they cover `operators` in order.
    public let blocks: [Range<Int>]
    /// The number of entry operators of each block (its first ones).
    public let entries: [Int]
    public let sequence: [Occurrence]
    /// Per block, the positions (from the block's start) of the operators the next block's
    /// entries depend on, in order: those nothing in the block depends on, as built.
    public let exits: [[Int]]

    public init(stage: Int, firstID: Int, operators: [Operator], blocks: [Range<Int>], entries: [Int], exits: [[Int]], sequence: [Occurrence]) {
        precondition(exits.count == blocks.count && zip(exits, blocks).allSatisfy { exits, block in exits.allSatisfy { $0 >= 0 && $0 < block.count } },
                     "every block's exits lie inside it")
        precondition(entries.count == blocks.count && zip(entries, blocks).allSatisfy { $0 >= 1 && $0 <= $1.count },
                     "every block has between one entry operator and all")
        precondition(blocks.first?.lowerBound == 0 && blocks.last?.upperBound == operators.count
                     && zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$0.isEmpty },
                     "blocks must cover the operators in order")
        precondition(sequence.allSatisfy { blocks.indices.contains($0.block) }, "a block in the sequence does not exist")
        self.stage = stage
        self.firstID = firstID
        self.operators = operators
        self.blocks = blocks
        self.entries = entries
        self.sequence = sequence
        self.exits = exits
    }

    /// Operators of the full stage (the sum of the sequence's block sizes).
    public var expandedCount: Int { sequence.reduce(0) { $0 + blocks[$1.block].count } }

    /// The full operator list: the blocks in sequence order with consecutive ids from `firstID`,
    /// their layers, dependencies shifted with the ids, and a block's entry operators also
    /// depending (first) on the exits of the block before (what
    /// `OperatorGraphBuilder.operators(for:router:)` builds). O(expanded operators + dependencies).
    public func expanded(firstID expandedFirst: Int = 0) -> [Operator] {
        var result: [Operator] = []
        result.reserveCapacity(expandedCount)
        var previousExits: [Int] = []
        var nextID = expandedFirst
        for occurrence in sequence {
            let block = blocks[occurrence.block]
            let base = nextID - (firstID + block.lowerBound)
            for position in block {
                var op = operators[position]
                op.id += base
                op.layer = occurrence.layer
                let own = op.dependencies.map { $0 + base }
                op.dependencies = position - block.lowerBound < entries[occurrence.block] ? previousExits + own : own
                result.append(op)
            }
            previousExits = exits[occurrence.block].map { nextID + $0 }
            nextID += block.count
        }
        return result
    }

    /// `values` (one per operator of `operators`) in the order of the expanded list.
    public func expand<Value>(_ values: [Value]) -> [Value] {
        precondition(values.count == operators.count, "one value per operator")
        var result: [Value] = []
        result.reserveCapacity(expandedCount)
        for occurrence in sequence { result.append(contentsOf: values[blocks[occurrence.block]]) }
        return result
    }
}
