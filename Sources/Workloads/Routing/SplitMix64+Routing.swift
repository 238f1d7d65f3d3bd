import SimKernel

extension SplitMix64 {
    /// An independent generator for (seed, stage, layer): decisions do not depend on call order.
    static func derived(seed: UInt64, stage: Int, layer: Int) -> SplitMix64 {
        // Golden-ratio and SplitMix multipliers spread the three inputs over the state.
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: stage) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: layer) &* 0xBF58_476D_1CE4_E5B9))
        return SplitMix64(seed: mixer.next())
    }

    /// A uniform integer in 0..<bound (Lemire's multiply-shift with rejection; unbiased and
    /// independent of the standard library's algorithm, so streams are stable across toolchains).
    mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return nextIndex(positiveBound: bound)
    }

    /// `nextIndex(below:)` for a `bound` the caller has checked to be positive (hot loops).
    @inline(__always)
    mutating func nextIndex(positiveBound bound: Int) -> Int {
        let range = UInt64(truncatingIfNeeded: bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}
