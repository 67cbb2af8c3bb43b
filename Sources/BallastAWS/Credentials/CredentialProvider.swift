/// Something that hands out AWS credentials: one source of the chain, the chain's choice, or the
/// refreshing cache around it.
public protocol CredentialProvider: Sendable {
    /// Current credentials.
    ///
    /// Throws `CredentialsError` (naming the source and what is missing or failed) or
    /// `CancellationError`.
    func credentials() async throws -> ProvidedCredentials
}
