import Foundation
import Hardware
import Units
import Workloads

/// The CSV files of a run (columns: docs/metrics.md). Bare numbers carry their unit in the column
/// name; rows follow the scenario's run order, then stage / request / operator order, so the same
/// results always give the same bytes.
public enum ServingReport {
    public static let summaryFile = "summary.csv"
    public static let stagesFile = "stages.csv"
    public static let requestsFile = "requests.csv"
    public static let operatorsFile = "ops.csv"

    static func ms(_ t: SimTime) -> String { String(format: "%.6f", t.seconds * 1e3) }
    static func us(_ t: SimTime) -> String { String(format: "%.3f", t.microseconds) }
    static func seconds(_ t: SimTime) -> String { String(format: "%.9f", t.seconds) }
    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    static func mJ(_ e: Energy) -> String { String(format: "%.6f", e.millijoules) }
    static func uJ(_ e: Energy) -> String { String(format: "%.3f", e.microjoules) }

    /// One row per run.
    public static func summary(_ results: [ServingResult], scenario: ResolvedScenario) -> CSVTable {
        var header = ["run", "model", "system", "placement", "devices", "tp", "ep", "expert_tp", "dp", "traffic",
                      "batch_requested", "batch_effective", "kv_capacity_tokens", "weights_per_device_GiB", "requests", "measured_requests",
                      "generated_tokens", "makespan_s", "tokens_per_s", "requests_per_s",
                      "t2ft_mean_ms", "t2ft_p50_ms", "t2ft_p90_ms", "t2ft_p99_ms",
                      "tbt_mean_ms", "tbt_p50_ms", "tbt_p90_ms", "tbt_p99_ms",
                      "e2e_mean_ms", "e2e_p50_ms", "e2e_p99_ms",
                      "stages_mixed", "stages_decode", "mean_batch", "mean_in_system"]
        header += OperatorClass.allCases.map { "time_\($0.rawValue)_s" }
        header += ExecutionUnit.allCases.map { "busy_\($0.rawValue)_s" }
        header += ExecutionUnit.allCases.map { "utilisation_\($0.rawValue)" }
        header += ["energy_per_token_mJ"]
        for energyClass in EnergyClass.allCases {
            header += ["dram", "compute", "communication"].map { "energy_\(energyClass.rawValue)_\($0)_per_token_mJ" }
        }
        let rows = results.map { result -> [String] in
            let d = result.deployment, m = result.metrics, limit = result.trace.batchLimit
            var row = [result.label, d.model.name, d.system.name, d.policy.rawValue, "\(d.system.deviceCount)",
                       "\(d.plan.tensorParallel)", "\(d.plan.expertParallel)", "\(d.plan.expertTensorParallel)", "\(d.dataParallel)",
                       scenario.traffic.name, "\(limit.requested)", "\(limit.effective)", "\(limit.kvCapacityTokens)",
                       fixed(Double(d.weightsPerDevice.bytes) / Double(ByteCount.gib(1).bytes), 3),
                       "\(result.trace.requests.count)", "\(m.measuredRequests)", "\(m.generatedTokens)", seconds(m.makespan),
                       fixed(m.tokensPerSecond, 3), fixed(m.requestsPerSecond, 6)]
            for summary in [m.timeToFirstToken, m.timeBetweenTokens] {
                row += [ms(summary.mean), ms(summary.p50), ms(summary.p90), ms(summary.p99)]
            }
            row += [ms(m.endToEnd.mean), ms(m.endToEnd.p50), ms(m.endToEnd.p99)]
            row += ["\(m.stagesByKind[.mixed])", "\(m.stagesByKind[.decode])", fixed(m.meanBatch, 3), fixed(m.meanInSystem, 3)]
            row += m.timeByClass.values.map(seconds)
            row += m.busyByUnit.values.map(seconds)
            row += m.utilisation.values.map { fixed($0, 4) }
            let perToken = 1 / Double(max(m.generatedTokens, 1))
            row += [mJ(m.energyPerToken)]
            for components in m.energy.values {
                row += [components.dram, components.compute, components.communication].map { mJ($0 * perToken) }
            }
            return row
        }
        return CSVTable(file: summaryFile, header: header, rows: rows)
    }

    /// One row per stage of every run.
    public static func stages(_ results: [ServingResult]) -> CSVTable {
        var header = ["run", "stage", "kind", "start_us", "duration_us", "batch", "prefills", "decodes", "new_tokens",
                      "context_tokens", "in_system", "pim_experts"]
        header += OperatorClass.allCases.map { "time_\($0.rawValue)_us" }
        header += ExecutionUnit.allCases.map { "busy_\($0.rawValue)_us" }
        header += EnergyClass.allCases.map { "energy_\($0.rawValue)_uJ" } + ["energy_uJ"]
        var rows: [[String]] = []
        for result in results {
            for s in result.trace.stages {
                var row = [result.label, "\(s.index)", s.kind.rawValue, us(s.start), us(s.duration), "\(s.batch)", "\(s.prefills)",
                           "\(s.decodes)", "\(s.newTokens)", "\(s.contextTokens)", "\(s.inSystem)", "\(s.pimExperts)"]
                row += s.timeByClass.values.map(us)
                row += s.busyByUnit.values.map(us)
                row += s.energy.values.map { uJ($0.total) } + [uJ(s.totalEnergy)]
                rows.append(row)
            }
        }
        return CSVTable(file: stagesFile, header: header, rows: rows)
    }

    /// One row per finished request of every run.
    public static func requests(_ results: [ServingResult]) -> CSVTable {
        let header = ["run", "request", "input_tokens", "output_tokens", "arrival_s", "admitted_s", "first_token_s", "finish_s",
                      "queueing_ms", "t2ft_ms", "e2e_ms", "mean_tbt_ms", "max_tbt_ms", "in_flight_at_start"]
        var rows: [[String]] = []
        for result in results {
            for r in result.trace.requests {
                let meanGap = r.outputTokens > 1 ? SimTime(picoseconds: (r.finish - r.firstToken).picoseconds / Int64(r.outputTokens - 1)) : .zero
                rows.append([result.label, "\(r.id)", "\(r.inputTokens)", "\(r.outputTokens)", seconds(r.arrival), seconds(r.admitted),
                             seconds(r.firstToken), seconds(r.finish), ms(r.queueing), ms(r.timeToFirstToken), ms(r.endToEnd),
                             ms(meanGap), ms(r.maxTokenGap), r.inFlightAtStart ? "1" : "0"])
            }
        }
        return CSVTable(file: requestsFile, header: header, rows: rows)
    }

    /// One row per operator of every stage of every run (only runs that recorded operators).
    public static func operators(_ results: [ServingResult]) -> CSVTable {
        let header = ["run", "stage", "op", "layer", "kind", "op_class", "energy_class", "unit", "memory_spaces", "shards",
                      "request", "expert", "start_us", "end_us", "flops", "bytes", "network_bytes", "energy_dram_uJ",
                      "energy_compute_uJ", "energy_communication_uJ"]
        var rows: [[String]] = []
        for result in results {
            for record in result.trace.operators {
                let op = record.op, run = record.execution
                rows.append([result.label, "\(record.stage)", "\(op.id)", op.layer.map(String.init) ?? "", op.kind.rawValue,
                             op.opClass.rawValue, record.energyClass.rawValue, run.unit.rawValue, record.placement.spaces.description,
                             "\(op.shards)", op.request.map(String.init) ?? "", op.expert.map(String.init) ?? "",
                             us(run.start), us(run.end), "\(op.cost.flops.flops)", "\(op.cost.memory.total.bytes)",
                             "\(op.cost.networkSent.bytes)", uJ(run.energy.dram), uJ(run.energy.compute), uJ(run.energy.communication)])
            }
        }
        return CSVTable(file: operatorsFile, header: header, rows: rows)
    }

    /// Writes summary.csv, stages.csv, requests.csv (and ops.csv when `operators`) into
    /// `directory`, each atomically; returns the files written.
    @discardableResult
    public static func write(_ results: [ServingResult], scenario: ResolvedScenario, to directory: URL,
                             operators: Bool) throws(WorkloadInputError) -> [URL] {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw WorkloadInputError(source: directory.path, field: "", reason: "cannot create the output directory (\(error.localizedDescription))")
        }
        var tables = [summary(results, scenario: scenario), stages(results), requests(results)]
        if operators { tables.append(self.operators(results)) }
        var written: [URL] = []
        for table in tables {
            let file = directory.appendingPathComponent(table.file)
            try AtomicFile.write(table.rendered(), to: file)
            written.append(file)
        }
        return written
    }
}
