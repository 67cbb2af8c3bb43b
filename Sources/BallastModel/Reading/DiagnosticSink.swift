/// Collects problems while a desired state is read, so one run reports all of them rather
/// than stopping at the first. One sink per load; never shared between threads.
public final class DiagnosticSink {
    /// An empty sink.
    public init() {}

    /// The problems reported so far, in order.
    public private(set) var errors: [DesiredStateError] = []

    /// Reports `message` at `position`.
    public func report(_ position: SourcePosition, _ message: String) {
        errors.append(position.error(message))
    }

    /// Reports `message` about `file` as a whole.
    public func report(file: String, _ message: String) {
        errors.append(DesiredStateError(file: file, message: message))
    }

    /// Reports `error` as it is.
    public func append(_ error: DesiredStateError) {
        errors.append(error)
    }

    /// Whether nothing was reported.
    public var isEmpty: Bool { errors.isEmpty }

    /// Set when a reader stopped because its task was cancelled: the load ends without a verdict.
    public private(set) var wasCancelled = false

    /// Marks the load as cancelled (see ``wasCancelled``).
    public func cancel() {
        wasCancelled = true
    }
}
