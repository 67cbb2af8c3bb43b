/// The rule every paginated read of Ballast follows: the next page is asked for with the token
/// the last one handed back until none (nil or empty) comes; a token that comes back a second
/// time means the service is looping, and the read fails with a `ResponseDecodingError` naming
/// the operation, instead of running forever or returning a partial list as if it were whole.
struct PageTokens {
    private let service: String
    private let operation: String
    private let path: String
    private var seen: Set<String> = []

    /// The tokens of one read of `operation`, found at `path` in its answers (`NextToken`).
    init(service: String, operation: String, path: String = "NextToken") {
        self.service = service
        self.operation = operation
        self.path = path
    }

    /// The token to ask the next page with, nil when the read is complete; throws when `token`
    /// was handed back before.
    mutating func next(_ token: String?) throws(ResponseDecodingError) -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard seen.insert(token).inserted else {
            throw ResponseDecodingError(
                service: service, operation: operation, path: path, reason: "the same token came back twice")
        }
        return token
    }
}
