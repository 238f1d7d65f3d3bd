// swift-tools-version:6.0
// DuplexSim: a discrete-event simulator of LLM-serving hardware (xPU, Logic-PIM, Bank-PIM, HBM3).
// Module map and import rules: docs/architecture.md (imports point downward only).
import PackageDescription

/// Release builds drop Swift's dynamic exclusivity checks (every access to a class's stored
/// `var` otherwise calls into the runtime; the replay and DRAM hot loops spent ~25% there).
/// Debug builds, and so every test run, keep them (docs/architecture.md, "Performance").
let hotLoopSettings: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "DuplexSim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "duplexsim", targets: ["duplexsim"]),
        .executable(name: "duplexsim-bench", targets: ["duplexsim-bench"]),
        .library(name: "SimKernel", targets: ["SimKernel"]),
        .library(name: "Units", targets: ["Units"]),
        .library(name: "Workloads", targets: ["Workloads"]),
        .library(name: "Hardware", targets: ["Hardware"]),
        .library(name: "Reference", targets: ["Reference"]),
        .library(name: "DRAM", targets: ["DRAM"]),
        .library(name: "Serving", targets: ["Serving"]),
        .library(name: "Sweep", targets: ["Sweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Typed physical quantities and exact clock arithmetic. Depends on nothing.
        .target(name: "Units"),
        // Deterministic event kernel, components, links, statistics. Knows nothing of hardware.
        .target(name: "SimKernel", dependencies: ["Units"], swiftSettings: hotLoopSettings),
        // Model configs, operator IR with exact FLOP/byte accounting, Op/B, routing, traces.
        .target(name: "Workloads", dependencies: ["Units", "SimKernel"], swiftSettings: hotLoopSettings),
        // System configuration (typed, with presets), device performance models, the
        // transaction-level device layer and trace replay.
        .target(name: "Hardware", dependencies: ["Units", "SimKernel", "DRAM", "Workloads", "Reference"], swiftSettings: hotLoopSettings),
        // HBM command-level model: presets as data, timing table, FR-FCFS controller, PIM commands.
        .target(name: "DRAM", dependencies: ["Units", "SimKernel"], swiftSettings: hotLoopSettings),
        // Continuous-batching serving: request sources, scheduler, KV capacity, parallelism,
        // placement policies, metrics and scenario files. Stages are timed by a StageExecutor.
        // (Reference only for `PlacementCrossCheck`, the planning behind `duplexsim check`.)
        .target(name: "Serving", dependencies: ["Units", "SimKernel", "Workloads", "Hardware", "Reference"], swiftSettings: hotLoopSettings),
        // GMP (libgmp-dev) for the high-precision oracle; only Reference may import it.
        // (Hardware imports Reference only for its partition-plan data types: docs/architecture.md.)
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]
        ),
        // Functional kernels, the GMP oracle and the partition-plan cross-check. Imports only
        // CGMP, never the simulator modules.
        .target(name: "Reference", dependencies: ["CGMP"]),
        // Design-space sweeps: specs, expansion, parallel/sharded/resumable execution, merge.
        .target(name: "Sweep", dependencies: ["Units", "SimKernel", "Workloads", "Hardware", "Serving"]),
        .executableTarget(
            name: "duplexsim",
            dependencies: [
                "Units", "SimKernel", "DRAM", "Workloads", "Hardware", "Reference", "Serving", "Sweep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "duplexsim-bench",
            dependencies: [
                "Units", "SimKernel", "DRAM", "Workloads", "Hardware", "Serving", "Sweep",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "UnitsTests", dependencies: ["Units"]),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel", "Units"]),
        .testTarget(name: "CGMPTests", dependencies: ["CGMP"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads", "Units", "SimKernel"]),
        .testTarget(name: "HardwareTests", dependencies: ["Hardware", "SimKernel", "Units", "Workloads", "Reference", "DRAM"]),
        .testTarget(name: "ReferenceTests", dependencies: ["Reference"]),
        .testTarget(name: "DRAMTests", dependencies: ["DRAM", "SimKernel", "Units"]),
        .testTarget(name: "ServingTests", dependencies: ["Serving", "Workloads", "Hardware", "Reference", "SimKernel", "Units"]),
        .testTarget(name: "SweepTests", dependencies: ["Sweep", "Workloads", "Hardware", "Serving"]),
    ],
    swiftLanguageModes: [.v6]
)
