import BallastControllerConfig
import BallastHTTP
import BallastModel
import BallastPlan
import Foundation
import Logging
import ServiceLifecycle

/// The notification reporter: told every status the controller reports (``observe(_:)``), it
/// works out what changed (``NotificationEvents``) and queues the events for each target that
/// wants them. Each target has its own bounded queue and sender, so a slow or hanging receiver
/// delays only its own events and never a reconcile: when a queue is full the oldest event is
/// dropped and counted in `ballast_notifications_dropped_total`. A service of the controller's
/// group; on graceful shutdown it sends no more (the request in flight ends within its timeout).
public struct Notifications: Service, Sendable, CustomStringConvertible {
    private struct Queue: Sendable {
        let sender: NotificationSender
        let events: AsyncStream<NotificationEvent>
        let continuation: AsyncStream<NotificationEvent>.Continuation
    }

    private let queues: [Queue]
    private let history = NotificationHistory()
    private let metrics: ControllerMetrics
    private let logger: Logger

    /// Senders for `targets`, each with a queue of `capacity` events, `attempts` requests per
    /// event (pausing `backoff`, doubled each time, between them), each through a transport of
    /// its own whose requests time out after the target's `timeout`.
    public init(
        targets: [NotificationTarget], metrics: ControllerMetrics, logger: Logger, capacity: Int = 100,
        attempts: Int = 3, backoff: Duration = .milliseconds(500)
    ) throws(TransportError) {
        var queues: [Queue] = []
        // A transport (a curl thread) per target: a target's timeout is its own.
        let transports = try targets.map { target throws(TransportError) in
            try HTTPTransport(
                configuration: TransportConfiguration(
                    connectTimeout: min(target.timeout, .seconds(5)), timeout: target.timeout,
                    maximumResponseBytes: 64 << 10, maximumConnectionsPerHost: 2))
        }
        for (index, target) in targets.enumerated() {
            let (events, continuation) = AsyncStream<NotificationEvent>.makeStream(
                bufferingPolicy: .bufferingNewest(max(1, capacity)))
            let sender = NotificationSender(
                target: target, label: NotificationTarget.label(kind: target.kind, index: index),
                transport: transports[index], attempts: max(1, attempts), backoff: backoff)
            queues.append(Queue(sender: sender, events: events, continuation: continuation))
        }
        self.queues = queues
        self.metrics = metrics
        self.logger = logger
    }

    /// The targets by label only: never a URL or a file's contents.
    public var description: String {
        "Notifications(\(queues.map(\.sender.label).joined(separator: ", ")))"
    }

    /// Takes `status` as the newest of its stage of `application` (nil for the single form) and
    /// queues the events since the one before; returns at once, whatever the receivers do. Two
    /// applications' stages of the same name are told apart.
    public func observe(_ status: StageStatus, application: String? = nil) async {
        let previous = await history.exchange(status, application: application)
        let events = NotificationEvents.between(previous, status).map { event in
            var event = event
            event.application = application
            return event
        }
        for event in events {
            for queue in queues where queue.sender.target.accepts(event.kind) {
                if case .dropped = queue.continuation.yield(event) {
                    metrics.recordNotificationDropped(target: queue.sender.label, application: event.application)
                    logger.warning(
                        "notification \(queue.sender.label): its queue is full, the oldest event was dropped")
                }
            }
        }
    }

    /// Sends queued events until a graceful shutdown.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for queue in queues {
                    group.addTask { await deliver(queue) }
                }
            }
        } onGracefulShutdown: {
            for queue in queues { queue.continuation.finish() }
        }
    }

    private func deliver(_ queue: Queue) async {
        for await event in queue.events {
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            do {
                try await queue.sender.send(event)
                metrics.recordNotification(target: queue.sender.label, delivered: true, application: event.application)
                logger.debug("notification \(queue.sender.label): \(event.kind.rawValue) for \(event.stage) delivered")
            } catch let failure as NotificationFailure {
                metrics.recordNotification(target: queue.sender.label, delivered: false, application: event.application)
                logger.warning("\(failure) for \(event.kind.rawValue) of stage \(event.stage)")
            } catch {
                // Cancelled while pausing between attempts: shutting down.
                break
            }
        }
    }
}

/// The last status reported per stage of each application, to tell what changed.
actor NotificationHistory {
    private struct Key: Hashable {
        var application: String?
        var stage: String
    }

    private var last: [Key: StageStatus] = [:]

    /// Records `status` as the last of its stage of `application` and returns the one it replaces.
    func exchange(_ status: StageStatus, application: String?) -> StageStatus? {
        let key = Key(application: application, stage: status.stage)
        defer { last[key] = status }
        return last[key]
    }
}
