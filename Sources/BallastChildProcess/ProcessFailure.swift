/// A child process that could not be started, did not become ready, or ended badly; the
/// description says which and, where it helps, how to install what is missing.
public struct ProcessFailure: Error, CustomStringConvertible {
    public let description: String

    /// A failure described by `description`.
    public init(description: String) { self.description = description }
}
