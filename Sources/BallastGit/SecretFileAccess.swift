import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who else can read a file that holds a secret (a token, a password, an SSH private key, the
/// webhook secret): a secret file readable by other users is a leak waiting to happen, so
/// Ballast warns about it, as `ssh` does about an unprotected private key.
public enum SecretFileAccess {
    /// A warning line when `path` (a `what`, e.g. "the Git token file") can be read by others:
    /// its mode lets every user read it, or lets a group read it that this process is not in.
    /// Group-readable for one of the process's own groups is fine: that is how Kubernetes
    /// shares a mounted Secret with the pod's `fsGroup`. Nil when the file is private, or
    /// cannot be examined (reading it reports that).
    public static func warning(path: String, what: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let mode = info.st_mode & 0o777
        let others = mode & 0o004 != 0
        let strangerGroup = mode & 0o040 != 0 && !processGroups().contains(info.st_gid)
        guard others || strangerGroup else { return nil }
        let who = others ? "every user" : "group \(info.st_gid)"
        return
            "\(what) \(path) can be read by \(who) (mode \(String(mode, radix: 8))); make it private: chmod 600 \(path)"
    }

    /// Why the secret file at `path` can never be used (it does not exist, is a folder, cannot
    /// be read or holds only white space), nil when it can.
    public static func problem(path: String) -> String? {
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) { return "does not exist" }
        if isFolder.boolValue { return "is a folder, not a file" }
        guard let data = FileManager.default.contents(atPath: path) else { return "cannot be read" }
        let isBlank = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        return isBlank ? "is empty" : nil
    }

    /// The effective and supplementary group ids of this process.
    private static func processGroups() -> Set<gid_t> {
        var groups = Set([getegid(), getgid()])
        let count = getgroups(0, nil)
        if count > 0 {
            var list = [gid_t](repeating: 0, count: Int(count))
            let filled = getgroups(count, &list)
            if filled > 0 { groups.formUnion(list.prefix(Int(filled))) }
        }
        return groups
    }
}
