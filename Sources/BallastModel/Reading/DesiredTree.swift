import Foundation

/// The files of a desired state, by path relative to its root, as an adapter found them (a
/// folder on disk, or a tree in a Git commit). Loading works on this value only, so the same
/// rules apply wherever the state comes from.
public struct DesiredTree: Sendable {
    /// One entry of the tree.
    public enum Entry: Sendable {
        /// A regular file's bytes.
        case file(Data)
        /// Something the adapter will not read, with the reason (a symlink leading outside the
        /// root, a submodule, a file over the size limit, a device).
        case rejected(String)
    }

    /// The largest file Ballast reads.
    public static let maximumFileSize = 1 << 20

    /// Entries by path relative to the root, `/`-separated (`functions/orders.yaml`).
    public var entries: [String: Entry]

    /// Creates a tree.
    public init(entries: [String: Entry]) {
        self.entries = entries
    }

    /// A tree of regular files with these texts (for tests and generated states).
    public init(files: [String: String]) {
        self.entries = files.mapValues { .file(Data($0.utf8)) }
    }

    /// Whether the format expects a file at `path` (`ballast.yaml`, `functions/orders.yaml`,
    /// `templates/p.json`): a folder there is an error, not a folder to walk, or an empty
    /// folder would read as a file that is not there.
    public static func expectsFile(at path: String) -> Bool {
        switch FileKind(path: path) {
        case .project, .function, .database, .template: return true
        case .ignored, nil: return false
        }
    }

    /// The message for a folder where the format expects a file.
    public static let folderWhereFileIsExpectedMessage =
        "a folder where a file is expected; this name must be a regular file (or a link to one)"

    /// The message for a file over the size limit.
    public static func tooLargeMessage(bytes: Int) -> String {
        "file is \(bytes) bytes; the limit is \(maximumFileSize) bytes (1 MiB)"
    }
}
