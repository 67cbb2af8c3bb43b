import BallastSynth

/// Compares template values as CloudFormation does: scalars by their text (`512` equals
/// `"512"`, `true` equals `"true"`), objects without regard to key order, `null` members as
/// absent.
enum ComparableValue {
    /// Whether two values mean the same to CloudFormation.
    static func equal(_ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        switch (normalized(lhs), normalized(rhs)) {
        case (nil, nil): return true
        case (let left?, let right?): return normalizedEqual(left, right)
        default: return false
        }
    }

    /// The value with `null` treated as absent.
    static func normalized(_ value: JSONValue?) -> JSONValue? {
        if case .null = value { return nil }
        return value
    }

    /// A scalar's text, nil for arrays and objects.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .array, .object, .null: return nil
        }
    }

    private static func normalizedEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = scalarText(lhs), let right = scalarText(rhs) { return left == right }
        switch (lhs, rhs) {
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.object(let left), .object(let right)):
            let keys = Set(left.keys).union(right.keys)
            return keys.allSatisfy { equal(left[$0], right[$0]) }
        default:
            return false
        }
    }
}
