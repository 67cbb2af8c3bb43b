/// The bridge from the webhook to the reconcile loop: the server calls ``send(_:)`` with the
/// branch of each authentic push, the loop reads ``branches``. The buffer is bounded (a busy
/// loop reconciles the newest state anyway, so old triggers may be dropped), and it never
/// blocks the HTTP request.
public struct PushTriggers: Sendable {
    /// Branch names of accepted pushes, in arrival order.
    public let branches: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    /// Creates the bridge, keeping at most `buffer` triggers the loop has not read yet.
    public init(buffer: Int = 32) {
        (branches, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(buffer))
    }

    /// Hands `branch` to the loop; pass this as the server's `onPush`.
    public func send(_ branch: String) {
        continuation.yield(branch)
    }

    /// Ends ``branches``, when the controller shuts down.
    public func finish() {
        continuation.finish()
    }
}
