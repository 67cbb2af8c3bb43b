import Foundation

/// A value of an AWS query-protocol parameter, before it is flattened into form fields.
///
/// The flattening rules are those of the AWS SDKs' query serializers: a structure member is
/// `Name.Field`, a list is `Name.member.1`, `Name.member.2`, … (`Name.1`, … when flattened), a
/// map is `Name.entry.1.key` / `Name.entry.1.value`, and an empty list is `Name=` so that AWS
/// sees it was given.
public indirect enum QueryValue: Sendable, Hashable {
    /// A scalar as it is sent.
    case string(String)
    /// A list whose members are numbered under `memberName`: `Name.member.N`.
    case list([QueryValue], memberName: String = "member")
    /// A flattened list: `Name.N`.
    case flattenedList([QueryValue])
    /// A map: `Name.entry.N.key`, `Name.entry.N.value` (names replaceable as the model says).
    case map([QueryMapEntry], keyName: String = "key", valueName: String = "value")
    /// A structure: `Name.Field` for each field, in field-name order.
    case structure([String: QueryValue])

    /// An integer, in decimal.
    public static func int(_ value: Int) -> QueryValue { .string(String(value)) }

    /// A boolean, `true` or `false`.
    public static func bool(_ value: Bool) -> QueryValue { .string(value ? "true" : "false") }

    /// A timestamp in ISO 8601 UTC, `2026-01-02T03:04:05Z`, the query protocol's default format.
    public static func timestamp(_ value: Date) -> QueryValue { .string(ISO8601Timestamp.format(value)) }

    /// A list of strings, numbered under `member`.
    public static func strings(_ values: [String]) -> QueryValue { .list(values.map { .string($0) }) }

    /// The form fields of this value under `prefix`, in order.
    public func flattened(prefix: String) -> [QueryField] {
        switch self {
        case .string(let value):
            return [QueryField(prefix, value)]
        case .list(let members, let memberName):
            guard !members.isEmpty else { return [QueryField(prefix, "")] }
            return members.enumerated().flatMap { index, member in
                member.flattened(prefix: "\(prefix).\(memberName).\(index + 1)")
            }
        case .flattenedList(let members):
            guard !members.isEmpty else { return [QueryField(prefix, "")] }
            return members.enumerated().flatMap { index, member in
                member.flattened(prefix: "\(prefix).\(index + 1)")
            }
        case .map(let entries, let keyName, let valueName):
            return entries.enumerated().flatMap { index, entry in
                let entryPrefix = "\(prefix).entry.\(index + 1)"
                return [QueryField("\(entryPrefix).\(keyName)", entry.key)]
                    + entry.value.flattened(prefix: "\(entryPrefix).\(valueName)")
            }
        case .structure(let fields):
            return fields.keys.sorted().flatMap { name in
                fields[name].map { $0.flattened(prefix: "\(prefix).\(name)") } ?? []
            }
        }
    }
}

/// One entry of a query-protocol map.
public struct QueryMapEntry: Sendable, Hashable {
    /// The key, always a string.
    public var key: String
    /// The value.
    public var value: QueryValue

    /// An entry from its key and value.
    public init(_ key: String, _ value: QueryValue) {
        self.key = key
        self.value = value
    }
}

/// One form field of a query-protocol request: a flattened name and its value.
public struct QueryField: Sendable, Hashable {
    /// The flattened name, `Tags.member.1.Key`.
    public var name: String
    /// The value, not yet encoded.
    public var value: String

    /// A field from its name and value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
