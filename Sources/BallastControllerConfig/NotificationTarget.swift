import BallastModel

/// One entry of `notifications:` in `controller/config.yaml`: where the controller posts
/// rollout and stage events, and which of them.
public struct NotificationTarget: Sendable, Hashable {
    /// The receiving side's format.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A generic webhook: the event as JSON, signed with HMAC-SHA256 when a secret is set.
        case webhook
        /// A Slack-compatible incoming webhook: `{"text": …, "blocks": …}`.
        case slack
    }

    /// The receiving side's format.
    public var kind: Kind
    /// The URL, when written in the configuration.
    public var url: String?
    /// A file holding the URL (a mounted Secret: a Slack URL is itself a credential).
    public var urlFile: Located<String>?
    /// A file holding the HMAC-SHA256 key of a generic webhook.
    public var secretFile: Located<String>?
    /// The events sent; nil sends every event.
    public var events: Set<NotificationEventKind>?
    /// How long one request may take before it counts as failed (default 5 seconds).
    public var timeout: Duration
    /// Where the entry was written, for messages about it.
    public var position: SourcePosition?

    /// A target of `kind` at `url` (or the URL in `urlFile`).
    public init(
        kind: Kind, url: String? = nil, urlFile: Located<String>? = nil, secretFile: Located<String>? = nil,
        events: Set<NotificationEventKind>? = nil, timeout: Duration = .seconds(5), position: SourcePosition? = nil
    ) {
        self.kind = kind
        self.url = url
        self.urlFile = urlFile
        self.secretFile = secretFile
        self.events = events
        self.timeout = timeout
        self.position = position
    }

    /// Whether `event` is sent to this target.
    public func accepts(_ event: NotificationEventKind) -> Bool {
        events?.contains(event) ?? true
    }

    /// A name for logs and metrics that never shows the URL: `webhook-1`, `slack-2` (the entry's
    /// place in the list, from 1).
    public static func label(kind: Kind, index: Int) -> String {
        "\(kind.rawValue)-\(index + 1)"
    }

    /// Whether `text` is an absolute `http://` or `https://` URL with a host, as a target needs.
    public static func isWebURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = lower.dropFirst("https://".count)
        } else if lower.hasPrefix("http://") {
            rest = lower.dropFirst("http://".count)
        } else {
            return false
        }
        let authority = rest.prefix { !"/?#".contains($0) }
        let host = authority.split(separator: "@").last ?? ""
        return !host.isEmpty && !host.hasPrefix(":") && !text.contains(where: \.isWhitespace)
    }
}

extension NotificationTarget: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind and file names only: a written-in URL may be a credential (Slack's is).
    public var description: String {
        var parts = [kind.rawValue, url == nil ? nil : "url: <redacted>"].compactMap { $0 }
        if let urlFile { parts.append("urlFile: \(urlFile.value)") }
        if let secretFile { parts.append("secretFile: \(secretFile.value)") }
        if let events { parts.append("events: \(events.map(\.rawValue).sorted().joined(separator: ","))") }
        return "NotificationTarget(\(parts.joined(separator: ", ")))"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    /// Mirrors (`dump`, `String(reflecting:)`) show the redacted description only.
    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}
