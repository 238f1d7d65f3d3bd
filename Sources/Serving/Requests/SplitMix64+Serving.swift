import Foundation
import SimKernel

extension SplitMix64 {
    /// A standard normal deviate (Box-Muller, the cosine branch; one deviate per two uniforms so
    /// that the stream does not depend on cached state).
    mutating func nextStandardNormal() -> Double {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - nextUnitDouble()
        let u2 = nextUnitDouble()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// An exponential deviate with the given rate (mean 1 / rate), by inversion.
    mutating func nextExponential(rate: Double) -> Double {
        precondition(rate > 0 && rate.isFinite, "exponential rate must be positive, got \(rate)")
        return -Foundation.log(1 - nextUnitDouble()) / rate
    }

    /// An independent stream for one purpose of one seed (lengths, arrivals).
    static func stream(seed: UInt64, purpose: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (purpose &* 0x9E37_79B9_7F4A_7C15))
        return SplitMix64(seed: mixer.next())
    }
}
