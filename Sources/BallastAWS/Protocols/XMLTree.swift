import Foundation

/// An XML element with its text and child elements, for reading AWS XML responses by path
/// (`GetCallerIdentityResult/Arn`).
///
/// Attributes and namespaces are dropped: AWS responses carry their data in elements.
public struct XMLTree: Sendable, Hashable {
    /// The element name as written, with any prefix (`Arn`).
    public var name: String
    /// The character data directly inside the element, CDATA included, as written.
    public var text: String
    /// The child elements in document order.
    public var children: [XMLTree]

    /// An element from its parts.
    public init(name: String, text: String = "", children: [XMLTree] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The root element of the XML document in `data`.
    ///
    /// Throws `ResponseDecodingError` when `data` is not well-formed, or holds what AWS never
    /// sends (a document type declaration, a processing instruction). No entity is ever
    /// defined or resolved.
    public static func parse(_ data: Data) throws(ResponseDecodingError) -> XMLTree {
        let bytes = [UInt8](data)
        if let refusal = XMLInput.refusal(of: bytes) {
            throw ResponseDecodingError(reason: "malformed XML: \(refusal)")
        }
        return try XMLReader.parse(bytes)
    }

    /// The first child called `name`.
    public func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// Every child called `name`, in order.
    public func children(named name: String) -> [XMLTree] {
        children.filter { $0.name == name }
    }

    /// The first element at `path` below this one (`Credentials/Expiration`), following the
    /// first match at each step; an empty path is this element.
    public func element(at path: String) -> XMLTree? {
        var current = self
        for step in path.split(separator: "/") {
            guard let next = current.child(String(step)) else { return nil }
            current = next
        }
        return current
    }

    /// Every element at `path`: the first match for each step but the last, every match for the
    /// last (`Stacks/member` gives each member).
    public func elements(at path: String) -> [XMLTree] {
        var steps = path.split(separator: "/").map(String.init)
        guard let last = steps.popLast() else { return [self] }
        return element(at: steps.joined(separator: "/"))?.children(named: last) ?? []
    }

    /// The text of the element at `path`, or `nil` when there is none.
    public func text(at path: String) -> String? {
        element(at: path)?.text
    }

    /// The text at `path`; throws `ResponseDecodingError` naming the path when it is absent.
    public func requiredText(at path: String) throws(ResponseDecodingError) -> String {
        guard let value = text(at: path) else { throw ResponseDecodingError(path: qualified(path), reason: "missing") }
        return value
    }

    /// The timestamp at `path`, or `nil` when absent; throws when present but not ISO 8601.
    public func timestamp(at path: String) throws(ResponseDecodingError) -> Date? {
        guard let value = text(at: path) else { return nil }
        guard let date = ISO8601Timestamp.parse(value) else {
            throw ResponseDecodingError(path: qualified(path), reason: "not an ISO 8601 timestamp")
        }
        return date
    }

    /// The integer at `path`, or `nil` when absent; throws when present but not an integer.
    public func int(at path: String) throws(ResponseDecodingError) -> Int? {
        guard let value = text(at: path) else { return nil }
        guard let number = Int(value.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ResponseDecodingError(path: qualified(path), reason: "not an integer")
        }
        return number
    }

    /// The boolean at `path` (`true`/`false`), or `nil` when absent; throws when it is neither.
    public func bool(at path: String) throws(ResponseDecodingError) -> Bool? {
        guard let value = text(at: path) else { return nil }
        switch value.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "true": return true
        case "false": return false
        default: throw ResponseDecodingError(path: qualified(path), reason: "not true or false")
        }
    }

    private func qualified(_ path: String) -> String {
        path.isEmpty ? name : "\(name)/\(path)"
    }
}
