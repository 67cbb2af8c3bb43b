/// A JSON value as CloudFormation templates hold it. Objects keep no order: the writer sorts
/// their keys, so the same template always gives the same bytes.
public enum JSONValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object's members, if this is one.
    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The array's elements, if this is one.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

/// CloudFormation's intrinsic functions, as values.
extension JSONValue {
    /// `{"Ref": logicalId}`.
    public static func ref(_ logicalId: String) -> JSONValue { ["Ref": .string(logicalId)] }
    /// `{"Fn::GetAtt": [logicalId, attribute]}`.
    public static func getAtt(_ logicalId: String, _ attribute: String) -> JSONValue {
        ["Fn::GetAtt": [.string(logicalId), .string(attribute)]]
    }
    /// `{"Fn::ImportValue": exportName}`.
    public static func importValue(_ exportName: String) -> JSONValue { ["Fn::ImportValue": .string(exportName)] }
    /// `{"Fn::Sub": text}`.
    public static func sub(_ text: String) -> JSONValue { ["Fn::Sub": .string(text)] }
    /// `{"Fn::Sub": [text, variables]}`.
    public static func sub(_ text: String, _ variables: [String: JSONValue]) -> JSONValue {
        ["Fn::Sub": [.string(text), .object(variables)]]
    }
    /// `{"Fn::Join": [separator, values]}`.
    public static func join(_ separator: String, _ values: [JSONValue]) -> JSONValue {
        ["Fn::Join": [.string(separator), .array(values)]]
    }
    /// `{"Fn::Split": [separator, value]}`.
    public static func split(_ separator: String, _ value: JSONValue) -> JSONValue {
        ["Fn::Split": [.string(separator), value]]
    }
    /// `{"Fn::Select": [index, list]}`.
    public static func select(_ index: Int, _ list: JSONValue) -> JSONValue {
        ["Fn::Select": [.integer(index), list]]
    }
    /// `{"Fn::GetAZs": ""}`: the availability zones of the stack's region.
    public static let availabilityZones: JSONValue = ["Fn::GetAZs": ""]
}
