import Crypto
import Foundation

/// An OpenSSH known-hosts file: which host keys Ballast accepts for which hosts.
///
/// Understands plain host names, `[host]:port`, comma-separated patterns with `*`, `?` and
/// `!` negation, hashed entries (`|1|salt|hash`, as `ssh-keygen -H` writes) and `@revoked`
/// keys. `@cert-authority` lines are skipped: host certificates are not supported, so such a host
/// is refused unless a plain key for it is listed too.
struct KnownHosts: Sendable {
    /// One usable line.
    struct Line: Sendable {
        var patterns: [String]
        var key: SSHPublicKey
        var revoked: Bool
    }

    /// What the file says about a host key.
    enum Verdict: Equatable, Sendable {
        /// The key is listed for the host.
        case trusted
        /// The host is not listed at all.
        case unknownHost
        /// The host is listed, with other keys (types listed).
        case mismatch(listedTypes: [String])
        /// The key is marked `@revoked`.
        case revoked
    }

    var lines: [Line]

    /// Parses the file's text; lines that cannot be understood are skipped.
    init(text: String) {
        var lines: [Line] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            var fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            var revoked = false
            if first.hasPrefix("@") {
                guard first == "@revoked" else { continue }
                revoked = true
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = SSHPublicKey(type: fields[1], base64: fields[2]) else { continue }
            lines.append(Line(patterns: fields[0].split(separator: ",").map(String.init), key: key, revoked: revoked))
        }
        self.lines = lines
    }

    /// Reads a known-hosts file.
    init(path: String) throws(GitError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GitError.invalidConfiguration(
                "cannot read the known-hosts file \(path); add the server's key with ssh-keyscan -p PORT HOST >> \(path)"
            )
        }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// The name a host goes by in the file: `host`, or `[host]:port` off port 22.
    static func name(host: String, port: Int?) -> String {
        guard let port, port != 22 else { return host }
        return "[\(host)]:\(port)"
    }

    /// What the file says about `key` presented by `host` on `port`.
    func verdict(host: String, port: Int?, key: SSHPublicKey) -> Verdict {
        verdict(host: host, port: port) { $0 == key }
    }

    /// The same, when only the SHA-256 digest of the key blob is known.
    func verdict(host: String, port: Int?, sha256: [UInt8]) -> Verdict {
        verdict(host: host, port: port) { Array(SHA256.hash(data: $0.blob)) == sha256 }
    }

    private func verdict(host: String, port: Int?, matches: (SSHPublicKey) -> Bool) -> Verdict {
        let name = Self.name(host: host, port: port).lowercased()
        if lines.contains(where: { $0.revoked && matches($0.key) }) { return .revoked }
        let forHost = lines.filter { !$0.revoked && Self.matches(name: name, patterns: $0.patterns) }
        if forHost.isEmpty { return .unknownHost }
        if forHost.contains(where: { matches($0.key) }) { return .trusted }
        return .mismatch(listedTypes: Array(Set(forHost.map(\.key.type))).sorted())
    }

    /// Whether `name` matches a line's patterns: one positive match and no negated one.
    static func matches(name: String, patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("|1|") {
                if hashedMatch(name: name, entry: pattern) { matched = true }
            } else if pattern.hasPrefix("!") {
                if wildcard(String(pattern.dropFirst()).lowercased(), name) { return false }
            } else if wildcard(pattern.lowercased(), name) {
                matched = true
            }
        }
        return matched
    }

    /// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
    static func hashedMatch(name: String, entry: String) -> Bool {
        let parts = entry.split(separator: "|", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0] == "1", let salt = Data(base64Encoded: String(parts[1])),
            let expected = Data(base64Encoded: String(parts[2]))
        else { return false }
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Data(name.utf8), using: SymmetricKey(data: salt))
        return Data(code) == expected
    }

    /// Glob matching with `*` and `?`, as OpenSSH's `match_pattern`.
    static func wildcard(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8)
        let t = Array(text.utf8)
        var pi = 0
        var ti = 0
        var star: Int?
        var mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if let star {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
