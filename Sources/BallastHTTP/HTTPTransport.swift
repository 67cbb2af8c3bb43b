/// Sends HTTP requests through libcurl, for the AWS clients.
///
/// One `curl_multi` handle on one dedicated thread carries every request, so requests run
/// concurrently, connections to a host are reused between requests, and no blocking curl call
/// runs on Swift's cooperative pool. Cancelling the calling task aborts its transfer. TLS
/// peer and host verification are always on; proxies follow `TransportConfiguration.proxy`.
public final class HTTPTransport: Sendable {
    /// The options every request is sent with.
    public let configuration: TransportConfiguration
    private let multi: CurlMulti

    /// A transport with its own connection cache and thread.
    ///
    /// Throws `TransportError` with kind `.invalidRequest` when libcurl cannot be initialised.
    public init(configuration: TransportConfiguration = TransportConfiguration()) throws(TransportError) {
        guard let multi = CurlMulti(maximumConnectionsPerHost: configuration.maximumConnectionsPerHost) else {
            throw TransportError(kind: .invalidRequest, url: "", detail: "libcurl could not be initialised")
        }
        self.configuration = configuration
        self.multi = multi
    }

    deinit {
        multi.stop()
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws `TransportError` when no complete response arrived (refused, reset, timed out,
    /// too large, …) and `CancellationError` when the calling task was cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let cancellation = Locked(false)
        let multi = multi
        let configuration = configuration
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                do {
                    let transfer = try CurlTransfer(
                        request: request,
                        configuration: configuration,
                        cancellation: cancellation,
                        continuation: continuation
                    )
                    multi.submit(transfer)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            cancellation.withLock { $0 = true }
            multi.wakeUp()
        }
    }

    /// Stops the curl thread; requests still in flight fail with `.shutDown`. Also done when the
    /// transport is released.
    public func shutdown() {
        multi.stop()
    }
}
