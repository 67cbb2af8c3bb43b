import CGit2
import Foundation

/// libgit2's process-wide state and the small conversions every call needs.
enum LibGit2 {
    /// Initialises libgit2 once per process (thread-safe: a lazy `static let`). Never shut down:
    /// the library stays usable for the process's lifetime.
    private static let initialisation: Int32 = git_libgit2_init()

    /// Makes sure libgit2 is initialised; cheap after the first call.
    static func ensureInitialised() {
        _ = initialisation
    }

    /// The message of the last libgit2 error on this thread, or a generic one.
    static func lastErrorMessage() -> String {
        guard let error = git_error_last(), let message = error.pointee.message else {
            return "unknown libgit2 error"
        }
        return String(cString: message)
    }

    /// The class of the last libgit2 error on this thread (`GIT_ERROR_NET`, …).
    static func lastErrorClass() -> Int32 {
        git_error_last()?.pointee.klass ?? 0
    }

    /// Throws `operationFailed` with libgit2's message when `code` is negative.
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
        if code < 0 {
            throw GitError.operationFailed(operation: operation(), message: lastErrorMessage())
        }
    }

    /// The object id of a 40-digit hexadecimal string, or nil.
    static func oid(_ hex: String) -> git_oid? {
        var oid = git_oid()
        guard hex.utf8.count == Int(GIT_OID_HEXSZ), git_oid_fromstr(&oid, hex) == 0 else { return nil }
        return oid
    }

    /// The hexadecimal form of an object id.
    static func hex(_ oid: git_oid) -> String {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_tostr(&buffer, buffer.count, &copy)
        return String(decoding: buffer.prefix(Int(GIT_OID_HEXSZ)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A C string array for the duration of `body`.
    static func withStringArray<T>(_ strings: [String], _ body: (inout git_strarray) throws(GitError) -> T)
        throws(GitError) -> T
    {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return try pointers.withUnsafeMutableBufferPointer { (buffer) throws(GitError) -> T in
            var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return try body(&array)
        }
    }
}
