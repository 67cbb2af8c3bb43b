import Foundation

/// What a path is, as `lstat` tells it (a link is not followed): the walk's one question about
/// each entry.
/// Not Foundation's `attributesOfItem`, which also looks up the owner's and group's names
/// (NSS, `/etc/passwd`) for every file.
enum PathKind: Equatable {
    case folder, file, link, other

    /// The kind of `path` itself; the system's reason when it cannot be told.
    static func of(_ path: String) -> Result<PathKind, PathKindError> {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            return .failure(PathKindError(reason: reason(errno)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: return .success(.folder)
        case S_IFREG: return .success(.file)
        case S_IFLNK: return .success(.link)
        default: return .success(.other)
        }
    }

    /// The operating system's words for `code` (`Permission denied`).
    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// Why the kind of a path cannot be told: the operating system's words.
struct PathKindError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
