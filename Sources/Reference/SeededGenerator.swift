/// A small deterministic pseudo-random generator (SplitMix64, Steele, Lea and Flood, OOPSLA
/// 2014) for seeded test inputs and `duplexsim check`. `Reference` never imports the simulator
/// modules, so it carries its own copy; the sequence for a seed is fixed forever. O(1) per draw.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is determined by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [-magnitude, magnitude), with 53 random bits, rounded to `format`
    /// and returned in `T` (so the value is exactly what the hardware would hold).
    public mutating func uniform<T: ReferenceScalar>(
        _: T.Type = T.self, magnitude: Double = 1, format: StorageFormat
    ) -> T {
        let unit = Double(next() >> 11) * 0x1p-53
        return format.round(T((2 * unit - 1) * magnitude))
    }

    /// A tensor of `shape` with uniform elements in [-magnitude, magnitude) held in `format`.
    public mutating func tensor<T: ReferenceScalar>(
        _: T.Type = T.self, shape: [Int], magnitude: Double = 1, format: StorageFormat
    ) -> Tensor<T> {
        let count = shape.reduce(1, *)
        var elements: [T] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(uniform(T.self, magnitude: magnitude, format: format)) }
        return Tensor(shape: shape, elements: elements)
    }
}
