import BallastModel
import CGit2
import Foundation

extension GitRepository {
    /// The desired-state folder of a commit, read straight from its tree (no checkout).
    ///
    /// Regular files become `.file`; a file over `DesiredTree.maximumFileSize` is rejected without
    /// being loaded; a symbolic link is followed when it stays inside the folder and rejected
    /// otherwise; a submodule, a folder where the format expects a file, or a name that is not
    /// UTF-8, is rejected. A corrupt or missing object is an error: nothing of a commit that
    /// cannot be read whole is returned, so nothing unreadable is ever taken for an absence.
    public func desiredTree(at commit: CommitID, folder: String = "desired") throws(GitError) -> DesiredTree {
        var odb: OpaquePointer?
        try LibGit2.check(git_repository_odb(&odb, handle), "open the object database")
        guard let odb else {
            throw GitError.operationFailed(operation: "open the object database", message: LibGit2.lastErrorMessage())
        }
        defer { git_odb_free(odb) }
        var reader = DesiredTreeReader(repository: self, odb: odb, commit: commit, folder: folder)
        return try reader.read()
    }
}

/// Walks a desired-state folder in a commit's tree.
struct DesiredTreeReader {
    private let repository: GitRepository
    private let commit: CommitID
    private let folder: String
    /// The object database, owned by the caller.
    private let odb: OpaquePointer
    private var entries: [String: DesiredTree.Entry] = [:]
    private var allowance = DesiredTreeAllowance()

    /// Folders deeper than this are not walked (as the folder reader on disk).
    static let maximumDepth = 8
    /// Symbolic links followed in a row before giving up.
    static let maximumLinkHops = 8
    /// The longest symbolic-link target read.
    static let maximumLinkTarget = 4096

    init(repository: GitRepository, odb: OpaquePointer, commit: CommitID, folder: String) {
        self.repository = repository
        self.odb = odb
        self.commit = commit
        self.folder = folder
    }

    mutating func read() throws(GitError) -> DesiredTree {
        let commitHandle = try repository.lookupCommit(commit)
        defer { git_commit_free(commitHandle) }
        var root: OpaquePointer?
        try LibGit2.check(git_commit_tree(&root, commitHandle), "read the tree of \(commit.short)")
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root, folder)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError.desiredFolderMissing(commit: commit, folder: folder, found: nil)
        }
        try LibGit2.check(code, "find \(folder)/ in \(commit.short)")
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else {
            let mode = git_tree_entry_filemode(entry)
            throw GitError.desiredFolderMissing(commit: commit, folder: folder, found: Self.describe(mode: mode))
        }
        let desired = try lookupTree(git_tree_entry_id(entry).pointee, path: folder)
        defer { git_tree_free(desired) }
        try walk(tree: desired, desiredRoot: desired, prefix: [], depth: 0)
        return DesiredTree(entries: entries)
    }

    private mutating func walk(tree: OpaquePointer, desiredRoot: OpaquePointer, prefix: [String], depth: Int)
        throws(GitError)
    {
        guard depth < Self.maximumDepth else {
            entries[prefix.joined(separator: "/")] = .rejected("folders nest deeper than \(Self.maximumDepth) levels")
            return
        }
        for index in 0..<git_tree_entrycount(tree) {
            // An entry that cannot be had is an error, never a file that is not there.
            guard let entry = git_tree_entry_byindex(tree, index), let cName = git_tree_entry_name(entry) else {
                throw GitError.operationFailed(
                    operation: "read entry \(index) of \(([folder] + prefix).joined(separator: "/"))/",
                    message: LibGit2.lastErrorMessage())
            }
            let nameBytes = Array(
                UnsafeBufferPointer(
                    start: UnsafeRawPointer(cName).assumingMemoryBound(to: UInt8.self), count: strlen(cName)))
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                let shown = (prefix + [Self.escaped(nameBytes)]).joined(separator: "/")
                entries[shown] = .rejected("the path is not valid UTF-8 (shown with \\x escapes); rename it")
                continue
            }
            guard allowance.admitEntry() else {
                entries[prefix.isEmpty ? "." : prefix.joined(separator: "/")] = .rejected(
                    DesiredTreeAllowance.tooManyEntriesMessage)
                return
            }
            let components = prefix + [name]
            try add(entry: entry, as: components, desiredRoot: desiredRoot, depth: depth, hops: 0)
        }
    }

    /// Adds what `entry` holds under the path `components`, following symbolic links.
    private mutating func add(
        entry: OpaquePointer, as components: [String], desiredRoot: OpaquePointer, depth: Int, hops: Int
    ) throws(GitError) {
        let path = components.joined(separator: "/")
        let oid = git_tree_entry_id(entry).pointee
        let mode = git_tree_entry_filemode(entry)
        switch mode {
        case GIT_FILEMODE_TREE where DesiredTree.expectsFile(at: path):
            entries[path] = .rejected(DesiredTree.folderWhereFileIsExpectedMessage)
        case GIT_FILEMODE_TREE:
            let subtree = try lookupTree(oid, path: path)
            defer { git_tree_free(subtree) }
            try walk(tree: subtree, desiredRoot: desiredRoot, prefix: components, depth: depth + 1)
        case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
            entries[path] = try readFile(oid, path: path)
        case GIT_FILEMODE_COMMIT:
            entries[path] = .rejected(
                "a submodule (commit \(CommitID(oid).short)); the desired state must be files in this repository")
        case GIT_FILEMODE_LINK:
            try follow(link: oid, at: components, desiredRoot: desiredRoot, depth: depth, hops: hops)
        default:
            entries[path] = .rejected("not a regular file (mode \(String(mode.rawValue, radix: 8)))")
        }
    }

    private mutating func follow(
        link oid: git_oid, at components: [String], desiredRoot: OpaquePointer, depth: Int, hops: Int
    ) throws(GitError) {
        let path = components.joined(separator: "/")
        guard hops < Self.maximumLinkHops else {
            entries[path] = .rejected("symbolic links chain more than \(Self.maximumLinkHops) times (a loop?)")
            return
        }
        let size = try objectSize(oid, path: path)
        guard size <= Self.maximumLinkTarget else {
            entries[path] = .rejected("symbolic link target is \(size) bytes long")
            return
        }
        let target = String(decoding: try blobBytes(oid, path: path), as: UTF8.self)
        guard let resolved = Self.resolve(target: target, linkFolder: Array(components.dropLast())) else {
            entries[path] = .rejected(
                "symbolic link leads outside the desired-state folder (to \(target)); only links inside it are followed"
            )
            return
        }
        if resolved.isEmpty {
            entries[path] = .rejected("symbolic link points at the desired-state folder itself")
            return
        }
        var targetEntry: OpaquePointer?
        let code = git_tree_entry_bypath(&targetEntry, desiredRoot, resolved.joined(separator: "/"))
        if code == GIT_ENOTFOUND.rawValue {
            entries[path] = .rejected("symbolic link points to nothing (\(target))")
            return
        }
        try LibGit2.check(code, "follow the symbolic link \(folder)/\(path)")
        guard let targetEntry else { return }
        defer { git_tree_entry_free(targetEntry) }
        try add(entry: targetEntry, as: components, desiredRoot: desiredRoot, depth: depth + 1, hops: hops + 1)
    }

    /// The components of `target` relative to the desired-state root, or nil when it leads out.
    static func resolve(target: String, linkFolder: [String]) -> [String]? {
        guard !target.hasPrefix("/") else { return nil }
        var resolved = linkFolder
        for component in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !resolved.isEmpty else { return nil }
                resolved.removeLast()
            default: resolved.append(String(component))
            }
        }
        return resolved
    }

    private mutating func readFile(_ oid: git_oid, path: String) throws(GitError) -> DesiredTree.Entry {
        let size = try objectSize(oid, path: path)
        guard size <= DesiredTree.maximumFileSize else {
            return .rejected(DesiredTree.tooLargeMessage(bytes: size))
        }
        if let reason = allowance.admitFile(size: size) { return .rejected(reason) }
        return .file(Data(try blobBytes(oid, path: path)))
    }

    /// The size of an object from its header only: a huge blob is never inflated.
    private func objectSize(_ oid: git_oid, path: String) throws(GitError) -> Int {
        var oid = oid
        var size = 0
        var type = GIT_OBJECT_ANY
        try LibGit2.check(
            git_odb_read_header(&size, &type, odb, &oid),
            "read the header of \(folder)/\(path) (\(LibGit2.hex(oid).prefix(12)))")
        return size
    }

    private func blobBytes(_ oid: git_oid, path: String) throws(GitError) -> [UInt8] {
        var oid = oid
        var blob: OpaquePointer?
        try LibGit2.check(
            git_blob_lookup(&blob, repository.handle, &oid), "read \(folder)/\(path) (\(LibGit2.hex(oid).prefix(12)))")
        defer { git_blob_free(blob) }
        let count = Int(git_blob_rawsize(blob))
        guard count > 0, let raw = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: raw, count: count))
    }

    private func lookupTree(_ oid: git_oid, path: String) throws(GitError) -> OpaquePointer {
        var oid = oid
        var tree: OpaquePointer?
        try LibGit2.check(
            git_tree_lookup(&tree, repository.handle, &oid), "read the folder \(path) (\(LibGit2.hex(oid).prefix(12)))")
        guard let tree else {
            throw GitError.operationFailed(operation: "read the folder \(path)", message: LibGit2.lastErrorMessage())
        }
        return tree
    }

    /// A name with every byte outside printable ASCII written as `\xHH`.
    static func escaped(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            (0x20..<0x7f).contains(byte) && byte != UInt8(ascii: "\\")
                ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }.joined()
    }

    static func describe(mode: git_filemode_t) -> String {
        switch mode {
        case GIT_FILEMODE_LINK: return "symbolic link"
        case GIT_FILEMODE_COMMIT: return "submodule"
        default: return "file"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: Swift.max(0, width - count)) + self
    }
}
