import BallastModel
import Foundation

/// A folder a command writes its output into (`status --badges`), checked before any AWS
/// call so a path that cannot be a folder is one line, not a Foundation error dump.
struct OutputFolder {
    /// The folder.
    let url: URL
    /// The option that named it, for errors (`--badges`).
    let option: String

    /// Creates the folder (and its parents) when missing; refuses a path that is a file or
    /// cannot be created, naming the option, the path and why.
    init(_ path: String, option: String) throws {
        self.option = option
        url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CommandFailure("\(option) \(path): is a file, not a folder")
            }
            return
        }
        // Each missing folder from the top, with mkdir(2) so the reason is the system's own
        // (Foundation on Linux reports only "error 512").
        var prefix = URL(fileURLWithPath: "/")
        for component in url.pathComponents.dropFirst() {
            prefix.appendPathComponent(component)
            if FileManager.default.fileExists(atPath: prefix.path, isDirectory: &isDirectory) {
                if isDirectory.boolValue { continue }
                throw CommandFailure("\(option) \(path): cannot create the folder: \(prefix.path) is a file")
            }
            if mkdir(prefix.path, 0o755) != 0, errno != EEXIST {
                throw CommandFailure(
                    "\(option) \(path): cannot create the folder: \(FileErrorText.reason(code: errno))")
            }
        }
    }

    /// Writes `data` to the file `name` in the folder, naming the file and why on failure.
    func write(_ data: Data, to name: String) throws {
        let file = url.appendingPathComponent(name)
        do {
            try data.write(to: file)
        } catch {
            throw CommandFailure("\(option): cannot write \(file.path): \(Self.reason(error, at: file.path))")
        }
    }

    /// The operating system's reason behind a Foundation file error (`Is a directory`): from
    /// the error when it carries one, else from trying to open the path for writing.
    static func reason(_ error: Error, at path: String) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain
        {
            return FileErrorText.reason(code: Int32(underlying.code))
        }
        let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
        if descriptor < 0 { return FileErrorText.reason(code: errno) }
        close(descriptor)
        return "the write failed"
    }
}
