import SimKernel
import Foundation
@testable import Sweep

/// Shared test inputs, located from this file so tests do not depend on the working directory.
enum SweepFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let environment = SweepEnvironment(
        modelsDirectory: repositoryRoot.appendingPathComponent("Workloads/models", isDirectory: true),
        systemsDirectory: repositoryRoot.appendingPathComponent("Workloads/systems", isDirectory: true))

    /// A fresh directory for one test's sweep output, inside `scratchRoot` (removed when the test
    /// process exits, so test runs leave nothing in the system's temporary directory).
    static func temporaryDirectory(_ name: String) -> URL {
        scratchRoot.appendingPathComponent("\(UUID().uuidString)-\(name)", isDirectory: true)
    }

    /// One directory per test process for every `temporaryDirectory`, deleted at exit.
    static let scratchRoot: URL = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("duplexsim-sweep-tests-\(UUID().uuidString)", isDirectory: true)
        scratchRootPath = root.path
        atexit { if let path = SweepFixtures.scratchRootPath { try? FileManager.default.removeItem(atPath: path) } }
        return root
    }()
    nonisolated(unsafe) private static var scratchRootPath: String?

    static func spec(_ text: String) throws -> SweepSpec { try SweepSpec.parse(Data(text.utf8), source: "spec.json") }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// A small opb sweep on tiny-moe: 2 placements x 3 batches x 2 TSV multipliers x 2 clocks = 24 points.
    static let opbSpec = """
        {"name": "tiny", "kind": "opb", "seed": 7,
         "base": {"model": "tiny-moe", "phase": "decode", "batch": 8, "lin": 64, "lout": 16, "samples": 2, "seed": 1,
                  "accounting": "paper", "routing": "uniform", "placement": "duplex", "system": "duplex"},
         "axes": [{"path": "placement", "values": ["xpu-only", "duplex"]},
                  {"path": "batch", "values": [4, 8, 16]},
                  {"path": "system.device.memoryProcessor.internalBandwidthMultiplier", "values": [2, 4]},
                  {"path": "system.device.memoryProcessor.clock", "values": ["650MHz", "1GHz"]}]}
        """
}

/// A point kind for engine tests: config {"x": Int, "y": String}; metrics x*x and y with the seed;
/// fails on x == `failAt` (a simulated crash mid-sweep).
struct ArithmeticKind: PointKind {
    struct Config: Codable, Sendable { var x: Int; var y: String }
    var failAt: Int?
    var name: String { "arithmetic" }
    var metricColumns: [String] { ["square", "label"] }
    var cacheStatistics: [CacheStatistics] { [] }

    /// Lower-cases y (so "A" and "a" are the same config).
    func normalize(_ document: JSONValue, source: String) throws(SweepError) -> JSONValue {
        guard case .object(var members) = document, case .string(let y)? = members["y"] else { return document }
        members["y"] = .string(y.lowercased())
        return .object(members)
    }

    func decode(_ document: JSONValue, source: String) throws(SweepError) -> Config {
        guard case .object(let members) = document else { throw SweepError(source: source, path: "", reason: "not an object") }
        var problems: [SweepProblem] = []
        for key in members.keys.sorted() where key != "x" && key != "y" {
            problems.append(SweepProblem(source: source, path: key, reason: "unknown field"))
        }
        guard case .integer(let x)? = members["x"] else {
            throw SweepError(problems + [SweepProblem(source: source, path: "x", reason: "expected an integer")])
        }
        guard case .string(let y)? = members["y"] else {
            throw SweepError(problems + [SweepProblem(source: source, path: "y", reason: "expected a string")])
        }
        guard problems.isEmpty else { throw SweepError(problems) }
        return Config(x: Int(x), y: y)
    }

    func run(_ config: Config, seed: UInt64, source: String) throws(SweepError) -> [String] {
        if config.x == failAt { throw SweepError(source: source, path: "x", reason: "simulated crash") }
        return ["\(config.x * config.x)", "\(config.y)-\(seed % 1000)"]
    }
}
