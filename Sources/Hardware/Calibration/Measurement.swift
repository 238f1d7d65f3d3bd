/// One measured figure of a real GPU (a row of Workloads/calibration/gpu-measurements.csv).
public struct Measurement: Sendable, Equatable {
    /// What was run, with its shape.
    public enum Kernel: Sendable, Equatable {
        /// C[m x n] = A[m x k] B[k x n].
        case gemm(m: Int64, k: Int64, n: Int64, dtype: DataType)
        /// A STREAM kernel at an occupancy in (0, 1].
        case stream(StreamKind, occupancy: Double)
        /// FlashAttention prefill at `sequenceLength` (16k tokens per batch, head dim 128).
        case flashAttention(FlashAttentionVariant, sequenceLength: Int64, dtype: DataType)
        /// Achieved NVLink bandwidth (both directions).
        case nvlink
    }

    /// Whether a row calibrates the model or tests it.
    public enum Role: String, Sendable, Equatable {
        case fit
        case test
    }

    public let id: String
    public let gpu: String
    public let kernel: Kernel
    /// The measured value in `unit`.
    public let value: Double
    /// "ms" for times, "GB/s" for bandwidths, "TFLOPS" for throughputs.
    public let unit: String
    public let role: Role
    public let source: String
    /// The file line (for error messages).
    public let line: Int

    public init(id: String, gpu: String, kernel: Kernel, value: Double, unit: String, role: Role, source: String, line: Int) {
        self.id = id
        self.gpu = gpu
        self.kernel = kernel
        self.value = value
        self.unit = unit
        self.role = role
        self.source = source
        self.line = line
    }

    /// A short shape description for tables, e.g. "M=64 K=8192 N=8192 bf16".
    public var shape: String {
        switch kernel {
        case .gemm(let m, let k, let n, let dtype): "M=\(m) K=\(k) N=\(n) \(dtype.rawValue)"
        case .stream(let kind, let occupancy): "\(kind.rawValue), occupancy \(Int((occupancy * 100).rounded()))%"
        case .flashAttention(let variant, let s, _): "\(variant), seq \(s)"
        case .nvlink: "bidirectional"
        }
    }

    /// The kernel family for tables: gemm, stream, flash-attention, nvlink.
    public var family: String {
        switch kernel {
        case .gemm: "gemm"
        case .stream: "stream"
        case .flashAttention: "flash-attention"
        case .nvlink: "nvlink"
        }
    }
}
