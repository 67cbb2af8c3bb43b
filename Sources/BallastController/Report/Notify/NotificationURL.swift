/// A target's URL as logs and errors show it: scheme and host only (`https://hooks.slack.com/…`),
/// since the path of an incoming webhook is its credential, and no user-info either.
public struct NotificationURL: Sendable, Hashable, CustomStringConvertible {
    private let text: String

    /// Wraps `text`; only ``description`` is ever shown.
    public init(_ text: String) {
        self.text = text
    }

    /// `scheme://host[:port]/…`, or `<not a URL>`.
    public var description: String {
        guard let range = text.range(of: "://") else { return "<not a URL>" }
        let rest = text[range.upperBound...]
        let authority = rest.prefix { !"/?#".contains($0) }
        let host = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        let more = rest.count > authority.count ? "/…" : ""
        return "\(text[..<range.upperBound])\(host)\(more)"
    }
}
