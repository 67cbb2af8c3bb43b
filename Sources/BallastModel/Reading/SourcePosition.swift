/// A position in a desired-state file, kept on every value read from YAML so that rules
/// checked later (across files) can still point at the line that is wrong.
public struct SourcePosition: Sendable, Hashable {
    /// The file, relative to the desired-state root.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    /// Creates a position.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// An error at this position.
    public func error(_ message: String) -> DesiredStateError {
        DesiredStateError(file: file, line: line, column: column, message: message)
    }
}

/// A value read from the desired state together with where it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The value.
    public var value: Value
    /// Where it was written (nil for defaults and generated values).
    public var position: SourcePosition?

    /// Wraps a value and its position.
    public init(_ value: Value, at position: SourcePosition? = nil) {
        self.value = value
        self.position = position
    }
}
