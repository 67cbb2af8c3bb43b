import ServiceLifecycle

/// Tells services that wait for the HTTP server whether it listens: the reconcile loop starts
/// only once the address is bound, so a taken or unusable address stops the controller before
/// it fetches from Git or calls AWS.
public actor ListeningSignal {
    private enum State {
        case waiting
        case listening
        case closed
    }

    private var state = State.waiting
    private var waiters: [CheckedContinuation<Bool, Never>] = []

    /// A signal nobody has opened yet.
    public init() {}

    /// The server accepts connections.
    func open() {
        guard case .waiting = state else { return }
        state = .listening
        resume(with: true)
    }

    /// The server stopped (or never started); returns whether it had been listening.
    @discardableResult
    func close() -> Bool {
        let wasListening = if case .listening = state { true } else { false }
        state = .closed
        resume(with: false)
        return wasListening
    }

    /// Waits until the server listens (true) or stops without listening, or the task is
    /// cancelled (false).
    public func waitUntilListening() async -> Bool {
        switch state {
        case .listening: return true
        case .closed: return false
        case .waiting: break
        }
        if Task.isCancelled { return false }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if case .waiting = state, !Task.isCancelled, !Task.isShuttingDownGracefully {
                    waiters.append(continuation)
                } else {
                    continuation.resume(returning: state == .listening)
                }
            }
        } onCancel: {
            Task { await self.releaseWaiters() }
        }
    }

    /// Lets the waiters go (with false) without changing the state: for a graceful shutdown
    /// that arrives before the server listens.
    func releaseWaiters() {
        resume(with: false)
    }

    private func resume(with value: Bool) {
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume(returning: value) }
    }
}
