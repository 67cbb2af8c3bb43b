import Foundation

/// What a path is, as `lstat` tells it (a link is not followed): the desired-state walk's and
/// `ballast synth`'s output check's one question about each entry. Not Foundation's
/// `attributesOfItem`, which also looks up the owner's and group's names (NSS, `/etc/passwd`)
/// for every file.
public enum PathKind: Equatable, Sendable {
    case folder, file, link, other

    /// The kind of `path` itself; the system's reason when it cannot be told (nothing there:
    /// `No such file or directory`).
    public static func of(_ path: String) -> Result<PathKind, PathKindError> {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            return .failure(PathKindError(reason: FileErrorText.reason(code: errno)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .success(.folder)
        case S_IFREG: return .success(.file)
        case S_IFLNK: return .success(.link)
        default: return .success(.other)
        }
    }
}

/// Why the kind of a path cannot be told: the operating system's words.
public struct PathKindError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
