import UnixSignals

/// How the controller's processes stop: which signals start a graceful shutdown, and how long
/// it may take before the work in flight is cancelled.
public struct ShutdownPolicy: Sendable {
    /// Signals that start a graceful shutdown (stop taking work, finish the AWS call in flight).
    public var signals: [UnixSignal]
    /// How long a graceful shutdown may take before the services are cancelled. Below
    /// Kubernetes' default 30-second termination grace period, so the process exits before it
    /// is killed.
    public var gracePeriod: Duration
    /// How long cancelled services may take to return before the process is stopped hard.
    public var cancellationBound: Duration

    /// Creates a policy.
    public init(
        signals: [UnixSignal] = [.sigterm, .sigint], gracePeriod: Duration = .seconds(20),
        cancellationBound: Duration = .seconds(5)
    ) {
        self.signals = signals
        self.gracePeriod = gracePeriod
        self.cancellationBound = cancellationBound
    }
}
