import Foundation

/// The operating system's words for a failed file operation (`Permission denied`, `Is a
/// directory`), without Foundation's error dump, for one-line messages.
public enum FileErrorText {
    /// The reason of `error`, from the POSIX error underneath when there is one.
    public static func reason(_ error: any Error) -> String {
        var current = error as NSError
        while let underlying = current.userInfo[NSUnderlyingErrorKey] as? NSError {
            current = underlying
        }
        if current.domain == NSPOSIXErrorDomain {
            return reason(code: Int32(current.code))
        }
        if let posix = error as? POSIXError {
            return reason(code: posix.code.rawValue)
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
            case .fileReadNoSuchFile, .fileNoSuchFile: return "No such file or directory"
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            case .fileWriteFileExists: return "File exists"
            default: break
            }
        }
        return current.localizedDescription
    }

    /// The words for the `errno` value `code` (`Permission denied`), as `strerror` gives them.
    public static func reason(code: Int32) -> String { String(cString: strerror(code)) }
}
