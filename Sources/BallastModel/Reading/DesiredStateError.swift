/// One problem found in the desired state, located in a file.
///
/// `file` is relative to the desired-state root (`functions/orders.yaml`), so messages read the
/// same whether the state came from a folder or from a Git tree. Line and column count from 1;
/// both are 0 when the problem concerns a whole file, which is shown as `file: message`.
public struct DesiredStateError: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file, relative to the desired-state root.
    public var file: String
    /// Line number, from 1 (0: the whole file).
    public var line: Int
    /// Column number, from 1 (0: the whole file).
    public var column: Int
    /// What is wrong and what is allowed.
    public var message: String

    /// Creates an error at a position in a file.
    public init(file: String, line: Int = 0, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form compilers and linters use; `file: message` for a
    /// problem of the whole file.
    public var description: String {
        located(under: "")
    }

    /// The same error with its file shown under `root` (e.g. `desired/functions/orders.yaml`).
    public func located(under root: String) -> String {
        let prefix = root.isEmpty || root == "." ? "" : (root.hasSuffix("/") ? root : root + "/")
        guard line > 0 else { return "\(prefix)\(file): \(message)" }
        return "\(prefix)\(file):\(line):\(column): \(message)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}

/// Every problem found in one load, in file and position order.
public struct DesiredStateErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, sorted by file, line and column.
    public var errors: [DesiredStateError]

    /// True when the load stopped because its task was cancelled (a controller shutting down),
    /// which says nothing about the desired state; `errors` then holds one error saying so.
    public var isCancellation = false

    /// Creates the collection, sorting and removing duplicates.
    public init(_ errors: [DesiredStateError]) {
        self.errors = Array(Set(errors)).sorted()
    }

    /// The load was cancelled before it finished.
    public static var cancelled: DesiredStateErrors {
        var errors = DesiredStateErrors([
            DesiredStateError(file: ".", message: "reading the desired state was cancelled before it finished")
        ])
        errors.isCancellation = true
        return errors
    }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
