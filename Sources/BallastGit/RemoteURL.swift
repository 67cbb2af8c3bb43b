import Foundation

/// A remote's address as Ballast needs it: the text the user gave, the form handed to libgit2
/// and stored in the mirror (no password or token in it), the credentials the text carried, a
/// form safe to print, and the SSH host and port that known-hosts lookups use.
///
/// Its `description` is the redacted form, so interpolating a `RemoteURL` into a log line,
/// an error or a status message never prints a secret.
public struct RemoteURL: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// What the user wrote (`https://…`, `ssh://…`, `git@host:path`, a path), credentials included.
    let text: String

    /// The address `text`.
    public init(_ text: String) {
        self.text = text
    }

    /// The transport the address selects.
    enum Transport: Sendable, Hashable {
        case https, http, ssh, git, local
        /// A `scheme://` Ballast (and libgit2) cannot speak.
        case unsupported(scheme: String)
    }

    var transport: Transport {
        let lower = text.lowercased()
        if lower.hasPrefix("https://") { return .https }
        if lower.hasPrefix("http://") { return .http }
        if lower.hasPrefix("ssh://") || lower.hasPrefix("git+ssh://") || lower.hasPrefix("ssh+git://") { return .ssh }
        if lower.hasPrefix("git://") { return .git }
        if lower.hasPrefix("file://") || text.hasPrefix("/") || text.hasPrefix(".") { return .local }
        if let scheme = text.range(of: "://") { return .unsupported(scheme: String(text[..<scheme.lowerBound])) }
        return scpLikeHost == nil ? .local : .ssh
    }

    /// The parts of `scheme://userinfo@host/…`: where the user-info sits in `text`, and the
    /// user and password it holds (percent-decoded). Nil when the address has no user-info.
    private var userInfo: (range: Range<String.Index>, user: String, password: String?)? {
        guard let scheme = text.range(of: "://") else { return nil }
        let rest = text[scheme.upperBound...]
        let authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)]
        guard let at = authority.lastIndex(of: "@") else { return nil }
        let info = authority[..<at]
        let decode = { (part: Substring) in part.removingPercentEncoding ?? String(part) }
        guard let colon = info.firstIndex(of: ":") else {
            return (scheme.upperBound..<text.index(after: at), decode(info), nil)
        }
        return (
            scheme.upperBound..<text.index(after: at), decode(info[..<colon]),
            decode(info[info.index(after: colon)...])
        )
    }

    /// The user and the password or token the address itself carries, when it carries a secret:
    /// `https://user:PASS@host` and `ssh://user:PASS@host` give both; `https://TOKEN@host` gives
    /// the token as the user and an empty password (as forges accept a token as the user name).
    /// A bare SSH user (`ssh://git@host`) is no secret, and it stays in the address.
    var embeddedCredentials: (user: String, password: String)? {
        guard let info = userInfo else { return nil }
        if let password = info.password { return (info.user, password) }
        if transport == .ssh || info.user.isEmpty { return nil }
        return (info.user, "")
    }

    /// Whether the address carries a password or token.
    public var carriesSecret: Bool { embeddedCredentials != nil }

    /// The address handed to libgit2 and written to the mirror's config: without the password or
    /// token (those travel through the credential callback), with an SSH user name kept.
    var withoutCredentials: String {
        guard let info = userInfo, embeddedCredentials != nil else { return text }
        let kept = transport == .ssh && !info.user.isEmpty ? encodedUser(info.user) + "@" : ""
        return text.replacingCharacters(in: info.range, with: kept)
    }

    /// The address without a password or token in its user part: `https://user:***@host/…`,
    /// `https://***@host/…` for a token given as the user; SSH user names are kept. A query or
    /// fragment is hidden too (`…/r.git?***`).
    public var redacted: String {
        if !text.contains("://"), let at = text.firstIndex(of: "@"), !text[..<at].contains("/"),
            let colon = text[..<at].firstIndex(of: ":")
        {
            // `user:password@host:path` is no address Git understands, but its text is still
            // printed (in the refusal), so what looks like a password is hidden.
            return String(text[..<colon]) + ":***" + String(text[at...])
        }
        if let password = unencodedPassword {
            return text.replacingCharacters(in: password, with: ":***")
        }
        guard let info = userInfo, embeddedCredentials != nil else { return withoutQuery(text) }
        let shown =
            info.password == nil ? "***@" : (Self.isTokenAsUser(info) ? "***:***@" : encodedUser(info.user) + ":***@")
        return withoutQuery(text.replacingCharacters(in: info.range, with: shown))
    }

    /// Whether the user part is itself the token: GitHub's `TOKEN:x-oauth-basic@`, a token with
    /// an empty password (`TOKEN:@`), or a user that has a forge's token prefix.
    private static func isTokenAsUser(_ info: (range: Range<String.Index>, user: String, password: String?)) -> Bool {
        let tokenPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-"]
        return info.password?.isEmpty == true || info.password?.lowercased() == "x-oauth-basic"
            || tokenPrefixes.contains { info.user.hasPrefix($0) }
    }

    /// `address` with its query or fragment (after the authority) shown as `?***` / `#***`:
    /// Git remotes use neither, so what is there is likely a token (`?access_token=…`).
    private func withoutQuery(_ address: String) -> String {
        guard let scheme = address.range(of: "://") else { return address }
        let rest = address[scheme.upperBound...]
        guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }),
            let mark = rest[slash...].firstIndex(where: { $0 == "?" || $0 == "#" })
        else { return address }
        return String(address[..<mark]) + String(address[mark]) + "***"
    }

    /// Whether the address has a query (`?…`) or fragment (`#…`) after its host.
    var hasQueryOrFragment: Bool { withoutQuery(text) != text }

    /// Where a password sits that holds a `/`, `?` or `#` not percent-encoded
    /// (`https://user:pa/ss@host/…`): no URL parser reads it as a password, so it would be
    /// printed and stored as it is. The range runs from the `:` to the last `@`. Nil for every
    /// address whose user-info parses, and for `host:port/path@…`.
    var unencodedPassword: Range<String.Index>? {
        guard userInfo == nil, let scheme = text.range(of: "://") else { return nil }
        let rest = text[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":"),
            !rest[..<colon].contains(where: { "/?#".contains($0) })
        else { return nil }
        let afterColon = rest[rest.index(after: colon)..<at]
        let port = afterColon.prefix { $0.isNumber }
        if !port.isEmpty, afterColon.dropFirst(port.count).first == "/" { return nil }
        return colon..<at
    }

    /// The redacted address.
    public var description: String { redacted }

    /// The redacted address (so `String(reflecting:)` and `dump` do not print a secret either).
    public var debugDescription: String { "RemoteURL(\(redacted))" }

    /// Mirrors show only the redacted address.
    public var customMirror: Mirror { Mirror(self, children: ["address": redacted]) }

    /// The folder of a local remote (`/srv/repo.git`, `file:///srv/repo.git`).
    var localPath: String? {
        guard transport == .local else { return nil }
        if text.lowercased().hasPrefix("file://") { return URL(string: text)?.path ?? String(text.dropFirst(7)) }
        return text
    }

    /// The host and port of an SSH address (`port` nil for the default 22).
    var sshEndpoint: (host: String, port: Int?)? {
        guard transport == .ssh else { return nil }
        if let host = scpLikeHost { return (host, nil) }
        guard let components = URLComponents(string: withoutCredentials), let host = components.host else {
            return nil
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return (bare, components.port)
    }

    /// `host` of `user@host:path` (scp-like syntax), nil for anything else.
    private var scpLikeHost: String? {
        guard !text.contains("://"), let colon = text.firstIndex(of: ":") else { return nil }
        let before = text[..<colon]
        guard !before.contains("/") else { return nil }
        let host = before.split(separator: "@").last.map(String.init) ?? ""
        return host.isEmpty ? nil : host
    }

    private func encodedUser(_ user: String) -> String {
        var allowed = CharacterSet.urlUserAllowed
        allowed.remove(charactersIn: ":@")
        return user.addingPercentEncoding(withAllowedCharacters: allowed) ?? user
    }
}
