/// Row-buffer management.
public enum DRAMPagePolicy: String, CaseIterable, Sendable {
    /// Leave a row open after an access until a conflicting request needs the bank.
    case open
    /// Precharge as soon as no queued request hits the open row.
    case closed
}

/// Controller policy (not hardware): queue sizes, write-drain watermarks, page policy, refresh,
/// the Bank-PIM power limit and tracing. Defaults follow common simulator practice (Ramulator2's
/// generic controller uses 32-entry read and write buffers; DRAMsim3 HBM2 uses 32-entry command
/// queues) and are stated in docs/dram.md.
public struct DRAMControllerConfig: Hashable, Sendable {
    /// Read-queue entries per pseudo-channel.
    public var readQueueCapacity: Int
    /// Write-queue entries per pseudo-channel.
    public var writeQueueCapacity: Int
    /// Start draining writes when this many are queued.
    public var writeHighWatermark: Int
    /// Stop draining (if reads wait) when at most this many remain.
    public var writeLowWatermark: Int
    public var pagePolicy: DRAMPagePolicy
    /// All-bank refresh every nREFI, every rank of a pseudo-channel at the same instant (docs/dram.md).
    public var refresh: Bool
    /// Add the Bank-PIM power-limit rule (all-bank column commands nCCDAB apart).
    public var bankPIMPowerLimit: Bool
    /// Keep every issued command (for the trace checker and `--trace`).
    public var recordTrace: Bool
    /// Give the memory-side requesters (Logic-PIM, BankGroup-PIM, Bank-PIM) their own read and
    /// write queues of the same capacities, beside the xPU's. The hardware has two controllers
    /// per pseudo-channel, the xPU's on the GPU die and the memory-side processor's "simple
    /// DRAM controller per pseudo-channel" on the logic die (duplex-system.md), sharing the
    /// pseudo-channel's command buses and banks, not their request queues; one shared 32-entry
    /// queue let requests of one requester that wait for a row (or for queue space, admission
    /// being in order) take the other's entries and bank parallelism (docs/dram.md
    /// "Two requesters"). Runs of one requester are unaffected; `false` gives the old shared queue.
    public var separateRequesterQueues: Bool

    public init(readQueueCapacity: Int = 32, writeQueueCapacity: Int = 32, writeHighWatermark: Int = 24,
                writeLowWatermark: Int = 8, pagePolicy: DRAMPagePolicy = .open, refresh: Bool = true,
                bankPIMPowerLimit: Bool = false, recordTrace: Bool = false, separateRequesterQueues: Bool = true) {
        precondition(readQueueCapacity > 0 && writeQueueCapacity > 0, "queue capacities must be positive")
        precondition(0 <= writeLowWatermark && writeLowWatermark < writeHighWatermark && writeHighWatermark <= writeQueueCapacity,
                     "need 0 <= low watermark < high watermark <= write queue capacity")
        self.readQueueCapacity = readQueueCapacity
        self.writeQueueCapacity = writeQueueCapacity
        self.writeHighWatermark = writeHighWatermark
        self.writeLowWatermark = writeLowWatermark
        self.pagePolicy = pagePolicy
        self.refresh = refresh
        self.bankPIMPowerLimit = bankPIMPowerLimit
        self.recordTrace = recordTrace
        self.separateRequesterQueues = separateRequesterQueues
    }
}
