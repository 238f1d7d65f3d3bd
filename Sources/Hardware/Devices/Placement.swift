import Workloads

/// Which unit runs each operator: an ordered list of rules (first match wins), the xPU by
/// default. Plain data, so that the serving layer can build its own (co-processing, +PE) or
/// read one from a file.
///
/// Named placements (`Placement.named`):
/// - `gpu`: everything on the xPU.
/// - `duplex` (also `pim`, `logic-pim`, `bank-pim`, `bankgroup-pim`): the memory-side processor
///   runs the attention of every decoding request and the expert FFNs of decode-only stages;
///   the xPU runs the rest (the Duplex paper's plain placement, shared/reference/duplex-system.md,
///   "Placement and co-processing"). The kind-specific names require that kind in the system.
public struct Placement: Sendable, Hashable, Codable {
    public var name: String
    public var rules: [PlacementRule]
    /// Where operators that match no rule go.
    public var fallback: PlacementTarget
    /// The memory-processor kind this placement requires, when its name names one.
    public var requiredKind: MemoryProcessorKind?
    /// Explicit targets by operator id, consulted before the rules: per-stage decisions of the
    /// serving layer (expert co-processing picks experts per layer and stage). Ids not listed
    /// fall through to the rules.
    public var operatorTargets: [Int: PlacementTarget]?

    public init(name: String, rules: [PlacementRule], fallback: PlacementTarget = .xpu, requiredKind: MemoryProcessorKind? = nil,
                operatorTargets: [Int: PlacementTarget]? = nil) {
        self.name = name
        self.rules = rules
        self.fallback = fallback
        self.requiredKind = requiredKind
        self.operatorTargets = operatorTargets
    }

    /// Everything on the xPU.
    public static let gpu = Placement(name: "gpu", rules: [])

    /// Decode attention and decode-only-stage MoE on the memory-side processor.
    public static let duplex = Placement(name: "duplex", rules: [
        PlacementRule(opClass: .attention, phase: .decode, target: .memoryProcessor),
        PlacementRule(opClass: .moe, stage: .decodeOnly, target: .memoryProcessor),
    ])

    /// Every operator on `target` (the `kernel` command's microbenchmarks).
    public static func all(on target: PlacementTarget) -> Placement {
        Placement(name: "all-\(target.rawValue)", rules: [], fallback: target)
    }

    /// The names `named` accepts.
    public static let names = ["gpu", "duplex", "pim", "logic-pim", "bankgroup-pim", "bank-pim"]

    /// A named placement (see the type's documentation).
    public static func named(_ name: String) throws(WorkloadInputError) -> Placement {
        var placement: Placement
        switch name {
        case "gpu": return .gpu
        case "duplex", "pim": placement = .duplex
        case "logic-pim": placement = .duplex; placement.requiredKind = .logicPIM
        case "bankgroup-pim": placement = .duplex; placement.requiredKind = .bankGroupPIM
        case "bank-pim": placement = .duplex; placement.requiredKind = .bankPIM
        default:
            throw WorkloadInputError(source: "--placement", field: "placement",
                                     reason: "unknown placement \"\(name)\"; one of \(names.joined(separator: ", "))")
        }
        placement.name = name
        return placement
    }

    /// The target of `op` in a stage that is (or is not) decode-only.
    public func target(of op: Operator, decodeOnlyStage: Bool) -> PlacementTarget {
        if let explicit = operatorTargets?[op.id] { return explicit }
        for rule in rules where rule.matches(op, decodeOnlyStage: decodeOnlyStage) { return rule.target }
        return fallback
    }

    /// Whether any operator can be sent to the memory-side processor.
    public var usesMemoryProcessor: Bool {
        fallback == .memoryProcessor || rules.contains { $0.target == .memoryProcessor }
            || operatorTargets?.values.contains(.memoryProcessor) == true
    }
}
