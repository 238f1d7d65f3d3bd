import Foundation
import Hardware
import Serving
import Units
import Workloads

/// The side-by-side text table of `duplexsim run`: one column per run, one row per metric.
enum ServingTable {
    static func render(_ results: [ServingResult], scenario: ResolvedScenario) -> String {
        guard let baseline = results.last else { return "" }
        func ms(_ t: SimTime) -> String { String(format: "%.2f", t.seconds * 1e3) }
        func mJ(_ e: Energy) -> String { String(format: "%.3f", e.millijoules) }
        var rows: [(String, [String])] = []
        func row(_ name: String, _ value: (ServingResult) -> String) { rows.append((name, results.map(value))) }
        row("system") { $0.deployment.system.name }
        row("placement") { $0.deployment.policy.rawValue }
        row("devices (TP/EP/ETP/DP)") {
            let p = $0.deployment.plan
            return "\($0.deployment.system.deviceCount) (\(p.tensorParallel)/\(p.expertParallel)/\(p.expertTensorParallel)/\($0.deployment.dataParallel))"
        }
        row("batch (effective)") { "\($0.trace.batchLimit.effective)" }
        row("requests / tokens") { "\($0.trace.requests.count) / \($0.metrics.generatedTokens)" }
        row("simulated time s") { String(format: "%.3f", $0.metrics.makespan.seconds) }
        row("throughput tokens/s") { String(format: "%.1f", $0.metrics.tokensPerSecond) }
        row("  vs \(baseline.label)") { String(format: "%.2fx", $0.metrics.tokensPerSecond / baseline.metrics.tokensPerSecond) }
        row("T2FT p50 / p99 ms") { "\(ms($0.metrics.timeToFirstToken.p50)) / \(ms($0.metrics.timeToFirstToken.p99))" }
        row("TBT p50 / p90 / p99 ms") {
            let t = $0.metrics.timeBetweenTokens
            return "\(ms(t.p50)) / \(ms(t.p90)) / \(ms(t.p99))"
        }
        row("E2E p50 / p99 ms") { "\(ms($0.metrics.endToEnd.p50)) / \(ms($0.metrics.endToEnd.p99))" }
        row("stages mixed / decode") { "\($0.metrics.stagesByKind[.mixed]) / \($0.metrics.stagesByKind[.decode])" }
        row("utilisation xPU / PIM / links") {
            let u = $0.metrics.utilisation
            let pim = ExecutionUnit.allCases.filter(\.isMemoryProcessor).map { u[$0] }.reduce(0, +)
            return String(format: "%.2f / %.2f / %.2f", u[.xpu], pim, u[.network])
        }
        for opClass in [OperatorClass.fc, .attention, .moe, .communication] {
            row("time \(opClass.rawValue) s") { String(format: "%.3f", $0.metrics.timeByClass[opClass].seconds) }
        }
        row("energy per token mJ") { mJ($0.metrics.energyPerToken) }
        row("  vs \(baseline.label)") { String(format: "%.2fx", $0.metrics.energyPerToken.picojoules / baseline.metrics.energyPerToken.picojoules) }
        for energyClass in EnergyClass.allCases {
            row("  \(energyClass.rawValue) DRAM / compute / comm mJ") {
                let e = $0.metrics.energy[energyClass], n = 1 / Double(max($0.metrics.generatedTokens, 1))
                return "\(mJ(e.dram * n)) / \(mJ(e.compute * n)) / \(mJ(e.communication * n))"
            }
        }
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let widths = results.indices.map { column in max(results[column].label.count, rows.map { $0.1[column].count }.max() ?? 0) }
        func line(_ name: String, _ cells: [String]) -> String {
            name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + zip(cells, widths).map { "  " + String(repeating: " ", count: $1 - $0.count) + $0 }.joined()
        }
        var text = [line("", results.map(\.label))]
        text += rows.map { line($0.0, $0.1) }
        return text.joined(separator: "\n")
    }
}
