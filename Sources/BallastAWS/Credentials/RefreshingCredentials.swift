import Foundation

/// Caches another provider's credentials and fetches new ones a margin before they expire.
///
/// Concurrent callers that find the cache stale share one refresh. When a refresh fails while
/// the cached credentials have not yet expired, those are returned (the next call tries again);
/// once they have expired the error is thrown. "Now" comes from the injected clock, so tests can
/// step time.
public actor RefreshingCredentials: CredentialProvider {
    /// Five minutes, as the AWS SDKs' advisory refresh window.
    public static let defaultRefreshMargin: Duration = .seconds(300)

    /// The provider whose credentials are cached.
    public nonisolated let provider: any CredentialProvider
    /// How long before the expiry the credentials are refreshed.
    public nonisolated let refreshMargin: Duration
    private let now: @Sendable () -> Date
    private var cached: ProvidedCredentials?
    private var refresh: Task<ProvidedCredentials, any Error>?

    /// A cache over `provider`, refreshing `refreshMargin` before expiry by `now`.
    public init(
        provider: any CredentialProvider,
        refreshMargin: Duration = RefreshingCredentials.defaultRefreshMargin,
        now: @escaping @Sendable () -> Date
    ) {
        self.provider = provider
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// The cached credentials, or fresh ones when the cache is empty or within the margin of
    /// expiry.
    ///
    /// Throws what the provider throws when there is nothing usable to fall back on.
    public func credentials() async throws -> ProvidedCredentials {
        if let cached, !isDue(cached) { return cached }
        let task: Task<ProvidedCredentials, any Error>
        if let refresh {
            task = refresh
        } else {
            let provider = provider
            task = Task { try await provider.credentials() }
            refresh = task
        }
        do {
            let fresh = try await task.value
            if refresh == task {
                refresh = nil
                cached = fresh
            }
            return fresh
        } catch {
            if refresh == task { refresh = nil }
            if let cached, !isExpired(cached) { return cached }
            throw error
        }
    }

    /// Drops the cached credentials, so the next call fetches new ones (after AWS answered
    /// `ExpiredToken`, say).
    public func invalidate() {
        cached = nil
    }

    private func isDue(_ credentials: ProvidedCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return now() >= expiration.addingTimeInterval(-Self.seconds(refreshMargin))
    }

    private func isExpired(_ credentials: ProvidedCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return now() >= expiration
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
