/// A dense row-major tensor: a shape and a flat element array (the last index varies fastest).
///
/// Shapes used by the kernels (all row-major):
/// - matrix `[rows, columns]`;
/// - attention activations `[tokens, heads, headDim]`;
/// - KV cache of one request `[tokens, kvHeads, headDim]`.
///
/// Indexing is O(rank); the element array is exposed for bulk loops.
public struct Tensor<Scalar: ReferenceScalar>: Sendable, Equatable, Codable {
    /// Extent of each dimension.
    public let shape: [Int]
    /// Elements in row-major order; `elements.count == shape.product`.
    public var elements: [Scalar]

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Scalar = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        self.shape = shape
        self.elements = Array(repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor of `shape` holding `elements` (row-major).
    public init(shape: [Int], elements: [Scalar]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(shape.reduce(1, *) == elements.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) elements, got \(elements.count)")
        self.shape = shape
        self.elements = elements
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// Flat offset of a multi-index (row-major); precondition: in bounds.
    public func offset(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, extent) in zip(index, shape) {
            precondition(i >= 0 && i < extent, "index \(index) out of bounds for shape \(shape)")
            flat = flat * extent + i
        }
        return flat
    }

    /// The multi-index of a flat offset (inverse of `offset`).
    public func index(ofOffset flat: Int) -> [Int] {
        var rest = flat
        var index = Array(repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// Element access by multi-index.
    public subscript(_ index: Int...) -> Scalar {
        get { elements[offset(index)] }
        set { elements[offset(index)] = newValue }
    }

    /// This tensor with every element rounded to `format` (what storing it would leave).
    public func rounded(to format: StorageFormat) -> Tensor {
        Tensor(shape: shape, elements: elements.map { format.round($0) })
    }

    /// This tensor converted elementwise to another scalar type (exact from Float to Double).
    public func converted<Other: ReferenceScalar>(to _: Other.Type = Other.self) -> Tensor<Other> {
        Tensor<Other>(shape: shape, elements: elements.map { Other($0) })
    }
}
