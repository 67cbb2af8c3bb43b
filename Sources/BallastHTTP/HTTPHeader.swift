/// One HTTP header line, as sent or as received.
///
/// Names keep their spelling; lookups compare them case-insensitively.
public struct HTTPHeader: Sendable, Hashable {
    /// The header name as written (`Content-Type`).
    public var name: String
    /// The header value, without surrounding whitespace.
    public var value: String

    /// A header from its name and value.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The value of the first header called `name`, compared case-insensitively.
    public func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}
