/// Collects problems while a desired state is read, so one run reports all of them rather
/// than stopping at the first. One sink per load; never shared between threads.
final class DiagnosticSink {
    private(set) var errors: [DesiredStateError] = []

    func report(_ position: SourcePosition, _ message: String) {
        errors.append(position.error(message))
    }

    func report(file: String, _ message: String) {
        errors.append(DesiredStateError(file: file, message: message))
    }

    func append(_ error: DesiredStateError) {
        errors.append(error)
    }

    var isEmpty: Bool { errors.isEmpty }

    /// Set when a reader stopped because its task was cancelled: the load ends without a verdict.
    private(set) var wasCancelled = false

    func cancel() {
        wasCancelled = true
    }
}
