/// A value for every case of a small enum, stored in case order so that iteration (and hence
/// every report) follows the enum's declared order, never a hash order.
public struct PerCase<Key: CaseIterable & Hashable, Value>: Sendable where Key: Sendable, Value: Sendable {
    /// One value per case, in `Key.allCases` order.
    public private(set) var values: [Value]

    public init(repeating value: Value) {
        values = Array(repeating: value, count: Key.allCases.count)
    }

    /// From one value per case, in `Key.allCases` order.
    init(values: [Value]) {
        precondition(values.count == Key.allCases.count, "one value per case")
        self.values = values
    }

    private static func index(_ key: Key) -> Int {
        guard let position = Key.allCases.firstIndex(of: key) else { preconditionFailure("\(key) is not a case") }
        return Key.allCases.distance(from: Key.allCases.startIndex, to: position)
    }

    /// In-place access: mutating a value (appending to an array value) does not copy it.
    public subscript(key: Key) -> Value {
        get { values[PerCase.index(key)] }
        _modify { yield &values[PerCase.index(key)] }
    }

    /// (case, value) pairs in case order.
    public var entries: [(key: Key, value: Value)] { Array(zip(Key.allCases, values)).map { (key: $0.0, value: $0.1) } }
}

extension PerCase: Equatable where Value: Equatable {}
extension PerCase: Hashable where Value: Hashable {}
