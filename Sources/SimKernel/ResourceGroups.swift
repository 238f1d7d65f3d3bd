import Units

/// Fixed groups of resources that are booked together, resolved once to the resources' state
/// (free time, busy and booking counters) so that a hot booking loop touches no class reference
/// and no array of references: a transaction-level model that books tens of thousands of tiles
/// per stage names a group by its index.
///
/// `reserve(_:for:notBefore:now:)` is exactly `Resource.reserve(_:for:notBefore:now:)` of the
/// group's resources (same start, end and statistics). The groups keep their resources alive.
/// Not thread-safe (one per simulator, like the resources).
public final class ResourceGroups {
    /// The resources, kept alive while their state pointers are used.
    private var resources: [Resource] = []
    /// Per group g: its members' state lie at `members[offsets[g] ..< offsets[g + 1]]`.
    @usableFromInline var offsets: UnsafeMutablePointer<Int32>
    @usableFromInline var members: UnsafeMutablePointer<Member>
    private var groupCapacity: Int
    private var memberCapacity: Int
    /// The number of groups.
    public private(set) var count = 0
    private var memberCount = 0

    /// One resource's state: when its last booking ends (ps), its busy time (ps) and bookings.
    @usableFromInline
    struct Member {
        @usableFromInline let end: UnsafeMutablePointer<Int64>
        @usableFromInline let busy: UnsafeMutablePointer<Int64>
        @usableFromInline let bookings: UnsafeMutablePointer<Int64>
    }

    public init() {
        groupCapacity = 64
        memberCapacity = 128
        offsets = .allocate(capacity: groupCapacity + 1)
        offsets.initialize(to: 0)
        members = .allocate(capacity: memberCapacity)
    }

    deinit {
        offsets.deallocate()
        members.deallocate()
    }

    /// Adds a group of distinct resources of one simulator; returns its index.
    @discardableResult
    public func add(_ group: [Resource]) -> Int {
        precondition(!group.isEmpty, "ResourceGroups: an empty group")
        if count + 1 > groupCapacity {
            let bigger = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * groupCapacity + 1)
            bigger.initialize(from: offsets, count: count + 1)
            offsets.deallocate()
            offsets = bigger
            groupCapacity *= 2
        }
        if memberCount + group.count > memberCapacity {
            let capacity = max(2 * memberCapacity, memberCount + group.count)
            let bigger = UnsafeMutablePointer<Member>.allocate(capacity: capacity)
            bigger.initialize(from: members, count: memberCount)
            members.deallocate()
            members = bigger
            memberCapacity = capacity
        }
        for r in group {
            resources.append(r)
            (members + memberCount).initialize(to: Member(end: r.end, busy: r.busy.storage, bookings: r.bookings.storage))
            memberCount += 1
        }
        precondition(memberCount < Int(Int32.max), "ResourceGroups: too many members")
        offsets[count + 1] = Int32(memberCount)
        count += 1
        return count - 1
    }

    /// Books every resource of group `group` together for `duration` ps, starting no earlier
    /// than `earliest` and `now` (ps): `Resource.reserve(_:for:notBefore:now:)` on its members.
    /// Returns the booked interval in ps.
    @inlinable @inline(__always)
    public func reserve(_ group: Int, for duration: Int64, notBefore earliest: Int64, now: Int64) -> (start: Int64, end: Int64) {
        precondition(duration >= 0, "Resource.reserve: negative duration \(duration)")
        let first = Int(offsets[group]), last = Int(offsets[group &+ 1])
        var start = max(earliest, now)
        var m = first
        while m < last {
            let end = members[m].end.pointee
            if end > start { start = end }
            m &+= 1
        }
        let finish = start + duration
        m = first
        while m < last {
            let member = members[m]
            member.end.pointee = finish
            member.busy.pointee += duration
            member.bookings.pointee += 1
            m &+= 1
        }
        return (start, finish)
    }
}
