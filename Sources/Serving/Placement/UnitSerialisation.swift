import Hardware
import Workloads

/// Enforces "only one unit active at a time" (plain Duplex and the PIM baselines) by adding
/// dependencies: operators that depend on exactly the same operators (a group the device layer
/// could run in parallel, such as the attention operators of one layer) are ordered by unit, in
/// the order the units first appear in the group (so every added dependency points to an earlier
/// operator), every operator of a unit depending on all of the previous unit's.
/// Operators on the same unit keep their order on that unit's resources. Co-processing placements
/// skip this and let the device layer overlap units where dependencies allow.
public enum UnitSerialisation {
    /// `operators` with the extra dependencies; `placement.assignments` is parallel to it.
    /// Updated in place when the caller hands over the array (`consume`); members of a group on
    /// the same unit share one new dependency array.
    /// `blockEnds` (ascending positions) end groups as well: the blocks of a compact stage
    /// (`CompactStage.blocks`), whose operators never share a group with another block's.
    public static func serialise(_ operators: consuming [Operator], placement: StagePlacement, blockEnds: [Int] = []) -> [Operator] {
        precondition(operators.count == placement.assignments.count, "one placement per operator")
        let assignments = placement.assignments
        var units: [ExecutionUnit] = []
        var groupStart = 0
        var nextBlockEnd = 0
        while groupStart < operators.count {
            while nextBlockEnd < blockEnds.count && blockEnds[nextBlockEnd] <= groupStart { nextBlockEnd += 1 }
            let limit = nextBlockEnd < blockEnds.count ? blockEnds[nextBlockEnd] : operators.count
            var groupEnd = groupStart + 1
            while groupEnd < limit, operators[groupEnd].dependencies == operators[groupStart].dependencies { groupEnd += 1 }
            units.removeAll(keepingCapacity: true)
            for index in groupStart..<groupEnd where !units.contains(assignments[index].unit) { units.append(assignments[index].unit) }
            if units.count > 1 {
                // Every added dependency points to an earlier operator of the group, so the
                // group's own dependencies (all equal) are read before any is changed.
                let shared = operators[groupStart].dependencies
                var previous: [Int] = []
                for unit in units {
                    var members: [Int] = []
                    let extended = previous.isEmpty ? shared : shared + previous
                    for index in groupStart..<groupEnd where assignments[index].unit == unit {
                        members.append(operators[index].id)
                        if !previous.isEmpty { operators[index].dependencies = extended }
                    }
                    previous = members
                }
            }
            groupStart = groupEnd
        }
        return operators
    }
}
