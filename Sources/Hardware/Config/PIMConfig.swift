import Units

/// The compute units of a processing-in-memory design (Logic-PIM, BankGroup-PIM, Bank-PIM).
public struct PIMConfig: Sendable, Equatable {
    /// Which design (never `.none`).
    public var kind: MemoryProcessorKind
    /// Compute units per HBM stack (GEMM modules, bank-group units or bank units).
    public var unitsPerStack: Sourced<Int>
    /// Clock of the units.
    public var clock: Sourced<Frequency>
    /// FP16 multiply-accumulators per unit (one MAC = 2 FLOP per cycle).
    public var macsPerUnit: Sourced<Int>
    /// Operand buffer of one unit.
    public var bufferPerUnit: Sourced<ByteCount>
    /// Shared buffers per stack (e.g. Logic-PIM's two 1 MB buffers).
    public var sharedBufferCount: Sourced<Int>
    /// Size of one shared buffer.
    public var sharedBufferSize: Sourced<ByteCount>
    /// Internal bandwidth as a multiple of the xPU's peak HBM bandwidth (4 for Logic-PIM, 16 for Bank-PIM).
    public var internalBandwidthMultiplier: Sourced<Double>
    /// DRAM data-path energy when these units read or write.
    public var dataPathEnergy: Sourced<EnergyPerBit>
    /// Softmax-unit throughput per stack, in score elements per cycle of `clock` (the softmax
    /// and activation units sit on the logic die for every PIM kind).
    public var softmaxElementsPerCycle: Sourced<Int>
}
