import Foundation
import Units

extension ReplayResult {
    /// Columns of ops.csv (units in the names; bytes and FLOPs per shard, energy of all shards).
    public static let operatorColumns = [
        "id", "stage", "layer", "kind", "op_class", "unit", "devices", "start_us", "end_us", "duration_us",
        "bytes", "moved_bytes", "flops", "network_bytes", "op_per_byte", "bandwidth_GBps", "tflops",
        "energy_dram_uJ", "energy_compute_uJ", "energy_sram_uJ", "energy_link_uJ", "energy_uJ",
    ]

    /// Columns of summary.csv: one row per (class, unit), then `total`.
    public static let summaryColumns = [
        "op_class", "unit", "operators", "busy_us", "flops", "moved_bytes",
        "energy_dram_uJ", "energy_compute_uJ", "energy_sram_uJ", "energy_link_uJ", "energy_uJ", "makespan_us",
    ]

    /// ops.csv: one row per operator in id order. Deterministic text (fixed formats).
    public func operatorTable(file: String = "ops.csv") -> CSVTable {
        CSVTable(file: file, header: ReplayResult.operatorColumns, rows: records.map { r in
            [String(r.id), String(r.stage), r.layer.map(String.init) ?? "", r.kind.rawValue, r.opClass.rawValue, r.unit.rawValue,
             String(r.devices), Self.microseconds(r.start), Self.microseconds(r.end), Self.microseconds(r.duration),
             String(r.bytes.bytes), String(r.movedBytes.bytes), String(r.flops.flops), String(r.networkBytes.bytes),
             r.opPerByte.isFinite ? String(format: "%.4f", r.opPerByte) : "inf",
             String(format: "%.3f", r.achievedBandwidth.gigabytesPerSecond), String(format: "%.6f", r.achievedFLOPS.teraflopsPerSecond)]
            + Self.energyCells(r.energy)
        })
    }

    /// summary.csv: per (class, unit) and a `total` row; `makespan_us` on every row.
    public func summaryTable(file: String = "summary.csv") -> CSVTable {
        let makespan = Self.microseconds(self.makespan)
        var rows = groups.map { g in
            [g.opClass.rawValue, g.unit.rawValue, String(g.operators), Self.microseconds(g.busy), String(g.flops.flops),
             String(g.movedBytes.bytes)] + Self.energyCells(g.energy) + [makespan]
        }
        let all = groups
        rows.append(["total", "all", String(records.count), Self.microseconds(all.reduce(.zero) { $0 + $1.busy }),
                     String(all.reduce(FLOPCount.zero) { $0 + $1.flops }.flops),
                     String(all.reduce(ByteCount.zero) { $0 + $1.movedBytes }.bytes)] + Self.energyCells(energy) + [makespan])
        return CSVTable(file: file, header: ReplayResult.summaryColumns, rows: rows)
    }

    /// Picoseconds as microseconds with all six decimals (exact).
    static func microseconds(_ t: SimTime) -> String {
        let ps = t.picoseconds
        return "\(ps / 1_000_000).\(String(format: "%06lld", ps % 1_000_000))"
    }

    static func energyCells(_ e: EnergyBreakdown) -> [String] {
        [e.dram, e.compute, e.sram, e.link, e.total].map { String(format: "%.6f", $0.microjoules) }
    }
}
