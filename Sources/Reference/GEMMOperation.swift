/// GEMM C[m, n] = A[m, k] B[k, n] (an FC layer: A activations, B weights).
public struct GEMMOperation: Codable, Sendable, Equatable, Hashable {
    public var m: Int
    public var k: Int
    public var n: Int
    public init(m: Int, k: Int, n: Int) { self.m = m; self.k = k; self.n = n }
}
