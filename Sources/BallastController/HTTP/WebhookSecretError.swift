/// Why a webhook secret cannot be used.
public enum WebhookSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The secret is empty.
    case empty
    /// The secret file does not exist or cannot be read.
    case unreadable(path: String)

    /// One line for the operator; names the file, never its contents.
    public var description: String {
        switch self {
        case .empty: return "the webhook secret is empty"
        case .unreadable(let path): return "cannot read the webhook secret file \(path)"
        }
    }
}
