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
    /// outside it; files over the size limit are rejected without being read.
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
        var entries: [String: Entry] = [:]
        walk(root: root, relative: "", into: &entries, depth: 0)
        return DesiredTree(entries: entries)
    }

    private static func walk(root: String, relative: String, into entries: inout [String: Entry], depth: Int) {
        let fileManager = FileManager.default
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard depth < 8, let names = try? fileManager.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() {
            let path = relative.isEmpty ? name : relative + "/" + name
            let absolute = root + "/" + path
            guard let attributes = try? fileManager.attributesOfItem(atPath: absolute),
                let type = attributes[.type] as? FileAttributeType
            else { continue }
            var target = absolute
            var targetType = type
            if type == .typeSymbolicLink {
                let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().standardizedFileURL.path
                guard resolved == root || resolved.hasPrefix(root + "/") else {
                    let destination = (try? fileManager.destinationOfSymbolicLink(atPath: absolute)) ?? resolved
                    entries[path] = .rejected(
                        "symbolic link leads outside the desired-state folder (to \(destination)); only links inside it are followed"
                    )
                    continue
                }
                guard let resolvedAttributes = try? fileManager.attributesOfItem(atPath: resolved),
                    let resolvedType = resolvedAttributes[.type] as? FileAttributeType
                else {
                    entries[path] = .rejected("symbolic link points to nothing")
                    continue
                }
                target = resolved
                targetType = resolvedType
            }
            switch targetType {
            case .typeDirectory:
                walk(root: root, relative: path, into: &entries, depth: depth + 1)
            case .typeRegular:
                let size = (try? fileManager.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
                if size > maximumFileSize {
                    entries[path] = .rejected(tooLargeMessage(bytes: size))
                } else if let data = fileManager.contents(atPath: target) {
                    entries[path] = .file(data)
                } else {
                    entries[path] = .rejected("file cannot be read (permissions?)")
                }
            default:
                entries[path] = .rejected("not a regular file")
            }
        }
    }
}
