import Foundation

extension DesiredTree {
    /// Why a desired-state folder could not be read at all.
    public struct DirectoryError: Error, Sendable, CustomStringConvertible {
        /// The folder.
        public var path: String
        /// What went wrong.
        public var reason: String

        public var description: String { "\(path): \(reason)" }
    }

    /// Reads a desired-state folder from disk: the only filesystem access of this target.
    ///
    /// Symbolic links are followed when they stay inside the folder and rejected when they lead
    /// outside it; files over the size limit are rejected without being read. Whatever cannot
    /// be read (a folder or file without permission, an I/O error, a folder where the format
    /// expects a file) is a rejected entry with the reason, never an absence: a folder read as
    /// empty would ask for every resource it describes to be deleted.
    public static func read(directory: String) throws(DirectoryError) -> DesiredTree {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw DirectoryError(path: directory, reason: "no such folder; pass the desired state with --desired DIR")
        }
        guard isDirectory.boolValue else {
            throw DirectoryError(path: directory, reason: "not a folder; pass the desired state with --desired DIR")
        }
        let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL.path
        do {
            _ = try fileManager.contentsOfDirectory(atPath: root)
        } catch {
            throw DirectoryError(path: directory, reason: "folder cannot be read: \(FileErrorText.reason(error))")
        }
        var entries: [String: Entry] = [:]
        var allowance = DesiredTreeAllowance()
        walk(root: root, relative: "", into: &entries, allowance: &allowance, depth: 0)
        return DesiredTree(entries: entries)
    }

    /// The deepest folder walked, as the Git tree reader.
    static let maximumFolderDepth = 8

    private static func walk(
        root: String, relative: String, into entries: inout [String: Entry], allowance: inout DesiredTreeAllowance,
        depth: Int
    ) {
        let fileManager = FileManager.default
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard depth < maximumFolderDepth else {
            entries[relative] = .rejected("folders nest deeper than \(maximumFolderDepth) levels")
            return
        }
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: folder)
        } catch {
            entries[relative.isEmpty ? "." : relative] = .rejected(
                "folder cannot be read: \(FileErrorText.reason(error))")
            return
        }
        for name in names.sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            guard allowance.admitEntry() else {
                entries[relative.isEmpty ? "." : relative] = .rejected(DesiredTreeAllowance.tooManyEntriesMessage)
                return
            }
            let absolute = root + "/" + path
            let kind: PathKind
            switch PathKind.of(absolute) {
            case .success(let found): kind = found
            case .failure(let reason):
                entries[path] = .rejected("cannot be read: \(reason)")
                continue
            }
            var target = absolute
            var targetKind = kind
            if kind == .link {
                let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().standardizedFileURL.path
                guard resolved == root || resolved.hasPrefix(root + "/") else {
                    let destination = (try? fileManager.destinationOfSymbolicLink(atPath: absolute)) ?? resolved
                    entries[path] = .rejected(
                        "symbolic link leads outside the desired-state folder (to \(destination)); only links inside it are followed"
                    )
                    continue
                }
                guard case .success(let resolvedKind) = PathKind.of(resolved),
                    resolvedKind != .link
                else {
                    entries[path] = .rejected("symbolic link points to nothing")
                    continue
                }
                target = resolved
                targetKind = resolvedKind
            }
            switch targetKind {
            case .folder:
                if expectsFile(at: path) {
                    entries[path] = .rejected(folderWhereFileIsExpectedMessage)
                } else {
                    walk(root: root, relative: path, into: &entries, allowance: &allowance, depth: depth + 1)
                }
            case .file:
                entries[path] = readFile(at: target, allowance: &allowance)
            case .link, .other:
                entries[path] = .rejected("not a regular file")
            }
        }
    }

    /// A regular file's bytes, or why they cannot be had: `open`, `fstat` and `read` directly,
    /// kind and size checked on the open file, not on the path, which may change meanwhile: a
    /// FIFO swapped in after `lstat` would otherwise block the open (hence `O_NONBLOCK`, which
    /// a regular file's reads ignore), a link swapped in is not followed (`O_NOFOLLOW`).
    private static func readFile(at path: String, allowance: inout DesiredTreeAllowance) -> Entry {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return .rejected("file cannot be read: \(FileErrorText.reason(code: errno))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return .rejected("file cannot be read: \(FileErrorText.reason(code: errno))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { return .rejected("not a regular file") }
        let size = Int(status.st_size)
        if size > maximumFileSize { return .rejected(tooLargeMessage(bytes: size)) }
        if let reason = allowance.admitFile(size: size) { return .rejected(reason) }
        // One byte more than measured, to see a file that grew since; it may grow to one byte
        // over the limit, which is then rejected.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= maximumFileSize else { break }
                bytes += repeatElement(0, count: min(bytes.count, maximumFileSize + 1 - bytes.count))
            }
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return .rejected("file cannot be read: \(FileErrorText.reason(code: errno))") }
            guard count > 0 else { break }
            filled += count
        }
        if filled > maximumFileSize { return .rejected(tooLargeMessage(bytes: filled)) }
        return .file(Data(bytes[..<filled]))
    }
}

/// read(2), named apart from `DesiredTree.read(directory:)`, which hides it inside the type.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
