import Foundation

/// A remote's address as Ballast needs it: the text libgit2 takes, a form safe to print, and
/// the SSH host and port that known-hosts lookups use.
struct RemoteURL: Sendable, Hashable {
    /// What the remote is called in libgit2 (`https://…`, `ssh://…`, `git@host:path`, a path).
    var text: String

    /// The transport the address selects.
    enum Transport: Sendable, Hashable { case https, http, ssh, git, local }

    var transport: Transport {
        let lower = text.lowercased()
        if lower.hasPrefix("https://") { return .https }
        if lower.hasPrefix("http://") { return .http }
        if lower.hasPrefix("ssh://") || lower.hasPrefix("git+ssh://") || lower.hasPrefix("ssh+git://") { return .ssh }
        if lower.hasPrefix("git://") { return .git }
        if lower.hasPrefix("file://") || text.hasPrefix("/") || text.hasPrefix(".") { return .local }
        return scpLikeHost == nil ? .local : .ssh
    }

    /// The address without a password or token in its user part.
    var redacted: String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
            return text
        }
        let userInfo = text[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }

    /// The folder of a local remote (`/srv/repo.git`, `file:///srv/repo.git`).
    var localPath: String? {
        guard transport == .local else { return nil }
        if text.lowercased().hasPrefix("file://") { return URL(string: text)?.path }
        return text
    }

    /// The host and port of an SSH address (`port` nil for the default 22).
    var sshEndpoint: (host: String, port: Int?)? {
        guard transport == .ssh else { return nil }
        if let host = scpLikeHost { return (host, nil) }
        guard let components = URLComponents(string: text), let host = components.host else { return nil }
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
}
