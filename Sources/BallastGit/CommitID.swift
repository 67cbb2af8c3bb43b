import CGit2
import Foundation

/// The id of a commit: 40 hexadecimal digits (SHA-1).
public struct CommitID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The lowercase hexadecimal id.
    public let hex: String

    /// A commit id from its hexadecimal form, or nil when it is not 40 hexadecimal digits.
    public init?(hex: String) {
        guard let oid = LibGit2.oid(hex) else { return nil }
        self.hex = LibGit2.hex(oid)
    }

    init(_ oid: git_oid) {
        self.hex = LibGit2.hex(oid)
    }

    /// The libgit2 object id (always valid: `hex` was checked on creation).
    var oid: git_oid {
        LibGit2.oid(hex) ?? git_oid()
    }

    /// The first 12 digits, for messages.
    public var short: String { String(hex.prefix(12)) }

    public var description: String { hex }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.hex < rhs.hex }
}

/// What a commit says about itself: who wrote it, when, and why.
public struct CommitInfo: Sendable, Hashable {
    /// The commit.
    public var id: CommitID
    /// The author's name.
    public var authorName: String
    /// The author's e-mail address.
    public var authorEmail: String
    /// When the commit was made (committer time).
    public var time: Date
    /// The full message.
    public var message: String
    /// The first line of the message.
    public var summary: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
    /// The parents, first parent first.
    public var parents: [CommitID]
}

/// How a branch moved since the commit last applied from it.
public enum BranchMove: Sendable, Hashable {
    /// Still at the last applied commit.
    case unchanged
    /// Moved forward: the new commit descends from the last applied one.
    case fastForward
    /// Moved to a commit that does not descend from the last applied one (a force push, a
    /// reset); not applied unless the stage allows rewinds.
    case rewound(reason: String)
}
