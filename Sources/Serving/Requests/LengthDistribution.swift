import SimKernel

/// How a request's input or output length is drawn.
///
/// The Duplex paper draws lengths "from a Gaussian around the nominal (Lin, Lout)" without stating
/// the spread, so the spread is an explicit input here (`relativeSpread`, the standard deviation
/// as a fraction of the nominal length). The Gaussian is truncated to [1, 2 x nominal] by
/// rejection, which keeps it symmetric, so its mean is the nominal length.
public enum LengthDistribution: Hashable, Sendable {
    /// Every request has exactly this many tokens.
    case fixed(Int)
    /// Gaussian around `nominal` with standard deviation `relativeSpread * nominal`, rounded to the
    /// nearest token, truncated to [1, 2 nominal].
    case gaussian(nominal: Int, relativeSpread: Double)

    /// `fixed(nominal)` when the spread is 0, else the Gaussian.
    public init(nominal: Int, relativeSpread: Double) {
        precondition(nominal >= 1 && relativeSpread >= 0 && relativeSpread.isFinite, "length \(nominal), spread \(relativeSpread)")
        self = relativeSpread == 0 ? .fixed(nominal) : .gaussian(nominal: nominal, relativeSpread: relativeSpread)
    }

    /// The nominal (mean) length.
    public var nominal: Int {
        switch self {
        case .fixed(let n): return n
        case .gaussian(let n, _): return n
        }
    }

    /// The largest length this distribution can produce.
    public var maximum: Int {
        switch self {
        case .fixed(let n): return n
        case .gaussian(let n, _): return 2 * n
        }
    }

    /// Draws one length.
    public func sample(_ generator: inout SplitMix64) -> Int {
        switch self {
        case .fixed(let n):
            return n
        case .gaussian(let n, let spread):
            let sd = spread * Double(n)
            while true {
                let value = (Double(n) + sd * generator.nextStandardNormal()).rounded()
                if value >= 1 && value <= Double(2 * n) { return Int(value) }
            }
        }
    }
}
