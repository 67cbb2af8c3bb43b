/// One section of a shared AWS file (`[profile dev]`, `[services local]`): its properties and
/// the sub-properties nested under a property with an empty value (`s3 =` then indented lines).
///
/// Property names are lower-cased; values keep their case. `description` lists names only: a
/// profile holds secret keys.
public struct SharedConfigSection: Sendable, Hashable {
    /// The profile or section name, `dev`.
    public var name: String
    /// `key = value` lines, by lower-cased key.
    public var properties: [String: String]
    /// The indented lines under an empty-valued property: `["sts": ["endpoint_url": "…"]]`.
    public var subProperties: [String: [String: String]]

    /// A section from its parts.
    public init(name: String, properties: [String: String] = [:], subProperties: [String: [String: String]] = [:]) {
        self.name = name
        self.properties = properties
        self.subProperties = subProperties
    }

    /// The value of `key` (any case), or `nil` when it is absent or empty.
    public subscript(key: String) -> String? {
        guard let value = properties[key.lowercased()], !value.isEmpty else { return nil }
        return value
    }

    /// This section with `other`'s properties laid over it (a later section of the same name, or
    /// the credentials file over the config file).
    public func merging(_ other: SharedConfigSection) -> SharedConfigSection {
        var merged = self
        merged.properties.merge(other.properties) { _, new in new }
        merged.subProperties.merge(other.subProperties) { old, new in old.merging(new) { _, newer in newer } }
        return merged
    }
}

extension SharedConfigSection: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The section name and its property names, never a value.
    public var description: String {
        "SharedConfigSection(\(name): \(properties.keys.sorted().joined(separator: ", ")))"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// A mirror without values.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "keys": properties.keys.sorted()], displayStyle: .struct)
    }
}
