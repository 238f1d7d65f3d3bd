/// The operators of one stage with the block every layer repeats stored once
/// (`OperatorGraphBuilder.compactOperators(for:router:)`; docs/serving.md, "Compact stages").
///
/// A stage's operator list is a sequence of *blocks*, each starting at an operator that depends
/// on every operator without a dependent in the block before (so every earlier operator reaches
/// it): per layer the attention block (norm, QKV, one attention per request, output projection,
/// all-reduce), identical in every layer of a stage but for ids and the layer label, then the
/// layer's FFN block (norm, router, dispatch, experts, combine, all-reduce; or the dense FFN),
/// which depends on the layer's routing; then the model-level block (norm, LM head).
///
/// `operators` holds every distinct block once, contiguous (`blocks`), with consecutive ids from
/// `firstID`; a block's first operator has no dependencies and the others depend only inside
/// their block. `sequence` lists the blocks in stage order with their layers (block 0, the
/// attention block, once per layer). `expanded(firstID:)` rebuilds the full operator list.
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
    public let sequence: [Occurrence]

    public init(stage: Int, firstID: Int, operators: [Operator], blocks: [Range<Int>], sequence: [Occurrence]) {
        precondition(blocks.first?.lowerBound == 0 && blocks.last?.upperBound == operators.count
                     && zip(blocks, blocks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound && !$0.isEmpty },
                     "blocks must cover the operators in order")
        precondition(sequence.allSatisfy { blocks.indices.contains($0.block) }, "a block in the sequence does not exist")
        self.stage = stage
        self.firstID = firstID
        self.operators = operators
        self.blocks = blocks
        self.sequence = sequence
    }

    /// Operators of the full stage (the sum of the sequence's block sizes).
    public var expandedCount: Int { sequence.reduce(0) { $0 + blocks[$1.block].count } }

    /// The full operator list: the blocks in sequence order with consecutive ids from `firstID`,
    /// their layers, dependencies shifted with the ids, and a block's first operator depending
    /// on the operators of the block before that no operator of that block depends on (what
    /// `OperatorGraphBuilder.operators(for:router:)` builds). O(expanded operators + dependencies).
    public func expanded(firstID expandedFirst: Int = 0) -> [Operator] {
        var result: [Operator] = []
        result.reserveCapacity(expandedCount)
        let exits = blocks.map(exits(of:))
        var previousExits: [Int] = []
        var nextID = expandedFirst
        for occurrence in sequence {
            let block = blocks[occurrence.block]
            let base = nextID - (firstID + block.lowerBound)
            for position in block {
                var op = operators[position]
                op.id += base
                op.layer = occurrence.layer
                op.dependencies = op.dependencies.isEmpty ? previousExits : op.dependencies.map { $0 + base }
                result.append(op)
            }
            previousExits = exits[occurrence.block].map { $0 + base }
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

    /// Ids of the operators of `block` that no operator of the block depends on, in order.
    private func exits(of block: Range<Int>) -> [Int] {
        var hasDependent = Array(repeating: false, count: block.count)
        for position in block {
            for dependency in operators[position].dependencies {
                let local = dependency - firstID - block.lowerBound
                precondition(local >= 0 && local < block.count, "operator \(operators[position].id) depends outside its block")
                hasDependent[local] = true
            }
        }
        return block.filter { !hasDependent[$0 - block.lowerBound] }.map { operators[$0].id }
    }
}
