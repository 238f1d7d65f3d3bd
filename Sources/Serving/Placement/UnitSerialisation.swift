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
    public static func serialise(_ operators: [Operator], placement: StagePlacement) -> [Operator] {
        precondition(operators.count == placement.assignments.count, "one placement per operator")
        var result = operators
        var groupStart = 0
        while groupStart < operators.count {
            var groupEnd = groupStart + 1
            while groupEnd < operators.count, operators[groupEnd].dependencies == operators[groupStart].dependencies { groupEnd += 1 }
            let group = groupStart..<groupEnd
            var units: [ExecutionUnit] = []
            for index in group where !units.contains(placement.assignments[index].unit) { units.append(placement.assignments[index].unit) }
            if units.count > 1 {
                var previous: [Int] = []
                for unit in units {
                    let members = group.filter { placement.assignments[$0].unit == unit }
                    if !previous.isEmpty { for index in members { result[index].dependencies += previous } }
                    previous = members.map { operators[$0].id }
                }
            }
            groupStart = groupEnd
        }
        return result
    }
}
