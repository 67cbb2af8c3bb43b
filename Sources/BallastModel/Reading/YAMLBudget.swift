import Yams

/// How much one YAML document may hold once its aliases are replaced by what they name.
///
/// A few hundred bytes of anchors and aliases (`&a`, `[*a, *a, …]`, nested) can stand for
/// gigabytes, an "alias bomb": Yams shares the anchored node, so parsing is cheap, but whoever
/// walks or copies the tree expands it. Every reader of desired-state YAML — validation and
/// synthesis alike — measures a document against this budget before it walks it, so no path
/// expands more than the budget allows.
public struct YAMLBudget: Sendable {
    /// At most this many values (scalars, lists and mappings, keys included); a file of 1 MiB
    /// written without aliases holds at most about half of it.
    public static let maximumValues = 1_000_000
    /// At most this many bytes of scalar text: as much as a file may hold, so a file written
    /// without aliases never exceeds it.
    public static let maximumBytes = DesiredTree.maximumFileSize

    /// How often (in values) the walk looks whether its task was cancelled.
    static let cancellationStride = 4096

    /// Values counted so far.
    public private(set) var values = 0
    /// Bytes of scalar text counted so far.
    public private(set) var bytes = 0

    /// An empty budget.
    public init() {}

    /// Why a document was not accepted.
    public enum Failure: Error, Sendable, Equatable {
        /// The document expands beyond the budget; `line` and `column` are those of the list or
        /// mapping being expanded when it ran out (where the aliases are written).
        case exceeded(line: Int, column: Int, message: String)
        /// The task doing the work was cancelled.
        case cancelled
    }

    /// Counts one value holding `text` bytes of scalar text (0 for a list or mapping); throws
    /// when the budget runs out, or every ``cancellationStride`` values when the current task was
    /// cancelled. `at` is the position reported when it runs out.
    public mutating func spend(bytes text: Int, at mark: Mark?) throws(Failure) {
        values += 1
        bytes += text
        if values > Self.maximumValues {
            throw Self.exceeded(mark, "more than \(Self.maximumValues) values")
        }
        if bytes > Self.maximumBytes {
            throw Self.exceeded(mark, "more than \(Self.maximumBytes) bytes of text")
        }
        if values % Self.cancellationStride == 0, Task.isCancelled {
            throw .cancelled
        }
    }

    private static func exceeded(_ mark: Mark?, _ what: String) -> Failure {
        .exceeded(
            line: mark?.line ?? 1, column: mark?.column ?? 1,
            message:
                "this value expands to \(what) once its YAML aliases are replaced; a file may expand to at most \(maximumValues) values and \(maximumBytes) bytes (1 MiB) of text (use fewer aliases of large values)"
        )
    }

    /// Measures `node` with everything its aliases name, stopping as soon as the budget runs
    /// out: the work is bounded by the budget, however far the aliases would expand. When it
    /// runs out, the position is that of the outermost alias being expanded (where the alias is
    /// written, as near as Yams tells: the key it is the value of, or the list it is in).
    public static func check(_ node: Node) throws(Failure) {
        var budget = YAMLBudget()
        var seen: Set<NodeIdentity> = []
        try budget.measure(node, writtenAt: node.mark, expanding: nil, seen: &seen)
    }

    /// A node of the document as written. Yams keeps no anchors on its nodes and puts the
    /// anchored node itself where an alias names it, so a node met again (same kind, same
    /// position) is an alias being expanded.
    private struct NodeIdentity: Hashable {
        let kind: Int
        let line: Int
        let column: Int

        init(_ node: Node) {
            switch node {
            case .scalar: kind = 0
            case .sequence: kind = 1
            case .mapping: kind = 2
            case .alias: kind = 3
            }
            line = node.mark?.line ?? 0
            column = node.mark?.column ?? 0
        }
    }

    /// `writtenAt`: where the parent says this node is written; `expanding`: where the
    /// outermost alias being expanded is written, nil outside of any.
    private mutating func measure(_ node: Node, writtenAt: Mark?, expanding: Mark?, seen: inout Set<NodeIdentity>)
        throws(Failure)
    {
        var expanding = expanding
        if expanding == nil, !seen.insert(NodeIdentity(node)).inserted {
            expanding = writtenAt
        }
        let position = expanding ?? writtenAt ?? node.mark
        switch node {
        case .scalar(let scalar):
            try spend(bytes: scalar.string.utf8.count, at: position)
        case .alias:
            try spend(bytes: 0, at: position)
        case .sequence(let sequence):
            try spend(bytes: 0, at: position)
            for element in sequence {
                // An alias in a list has no position of its own (Yams gives the anchor's).
                let isAlias = expanding == nil && seen.contains(NodeIdentity(element))
                try measure(element, writtenAt: isAlias ? node.mark : element.mark, expanding: expanding, seen: &seen)
            }
        case .mapping(let mapping):
            try spend(bytes: 0, at: position)
            for (key, value) in mapping {
                try measure(key, writtenAt: key.mark, expanding: expanding, seen: &seen)
                try measure(value, writtenAt: key.mark, expanding: expanding, seen: &seen)
            }
        }
    }
}
