import Units

/// One operator of a stage: plain data that device models split into tiles and time, and that
/// the trace format stores one per line.
///
/// `shape` and `cost` describe one *shard*: the operator runs as `shards` identical shards, one
/// per device of its parallel group (tensor-parallel GEMMs, attention heads split over the TP
/// group, a collective on each device of its group). Whole-system work is `cost * shards`.
/// `cost` is always derived from `shape` (`OperatorShape.cost(dtype:)`).
public struct Operator: Hashable, Sendable {
    /// Unique and increasing within a trace; dependencies point to smaller ids.
    public var id: Int
    /// The stage (continuous-batching iteration) this operator belongs to, from 0.
    public var stage: Int
    /// The transformer layer (0-based); nil for model-level operators (final norm, LM head).
    public var layer: Int?
    public let kind: OperatorKind
    public let dtype: DType
    /// Identical shards (devices) running this shape.
    public let shards: Int
    /// The request of an attention operator; nil otherwise.
    public var request: Int?
    /// The expert of an expert FFN; nil otherwise.
    public var expert: Int?
    /// Immutable, so that `cost` always matches it.
    public let shape: OperatorShape
    /// Exact per-shard cost, derived from `shape`.
    public let cost: OperatorCost
    /// Ids of operators that must finish before this one starts.
    public var dependencies: [Int]

    public init(id: Int, stage: Int, layer: Int?, kind: OperatorKind, dtype: DType, shards: Int,
                request: Int? = nil, expert: Int? = nil, shape: OperatorShape, dependencies: [Int]) {
        precondition(kind.shapeName == shape.name, "\(kind) operators carry \(kind.shapeName) shapes, not \(shape.name)")
        precondition(shards >= 1, "an operator runs on at least one shard")
        precondition(shape.problems.isEmpty, "invalid \(shape.name) shape: \(shape.problems)")
        precondition(shape.costFitsInt64, "\(shape.name) shape too large for 64-bit FLOP and byte counts")
        self.id = id; self.stage = stage; self.layer = layer; self.kind = kind; self.dtype = dtype
        self.shards = shards; self.request = request; self.expert = expert; self.shape = shape
        self.cost = shape.cost(dtype: dtype); self.dependencies = dependencies
    }

    /// An operator whose `shape` the public initializer has checked and whose `cost` it derived,
    /// for another operator of the same shape (`OperatorGraphBuilder` stamps each stage's
    /// templates with this): no checks, no cost evaluation.
    init(id: Int, stage: Int, layer: Int?, kind: OperatorKind, dtype: DType, shards: Int, request: Int?, expert: Int?,
         checkedShape shape: OperatorShape, cost: OperatorCost, dependencies: [Int]) {
        self.id = id; self.stage = stage; self.layer = layer; self.kind = kind; self.dtype = dtype
        self.shards = shards; self.request = request; self.expert = expert; self.shape = shape
        self.cost = cost; self.dependencies = dependencies
    }

    /// The Op/B class.
    public var opClass: OperatorClass { kind.opClass }

    /// Work of all shards together.
    public var totalCost: OperatorCost { cost * Int64(shards) }
}
