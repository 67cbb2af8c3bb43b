/// A request that cannot be put on the wire as given: an empty path label, a body that does not
/// encode.
public struct RequestEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the parameter.
    public var reason: String

    /// An error saying `reason`.
    public init(reason: String) {
        self.reason = reason
    }

    /// `invalid request: the path label {FunctionName} is empty`.
    public var description: String { "invalid request: \(reason)" }
}
