import BallastHTTP
import BallastPlan
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// The controller's HTTP endpoints, a Hummingbird application run as a `Service`:
///
/// | route | answers |
/// | --- | --- |
/// | `GET /` | the status page for people, HTML (``StatusPage``), every application |
/// | `GET /status` | every application's and stage's status as JSON (``StatusDocument``) |
/// | `GET /status/<application>` | one application's entry of `/status`; 404 for one not configured |
/// | `GET /status/<application>/<stage>` | one stage's status as JSON; 404 for a stage not known |
/// | `GET /status/<stage>` | (single form) one stage's status, as before applications |
/// | `GET /badge/<application>/<stage>.svg` | a shields-style badge; grey "unknown" for a stage not known |
/// | `GET /badge/<stage>.svg` | (single form) the same for the one application |
/// | `GET /metrics` | Prometheus text format 0.0.4 |
/// | `GET /healthz` | 200 while the process runs |
/// | `GET /readyz` | 503 until the first successful Git fetch, then 200 |
/// | `POST /hooks/git` | a GitHub push webhook, see ``WebhookVerifier`` |
///
/// `HEAD` on every `GET` route answers as `GET` would, without the body. A connection that
/// has not sent a complete request head (or, between requests, anything) within the header
/// timeout is closed, so slow or silent clients cannot hold connections open. On graceful
/// shutdown it stops accepting connections and finishes the requests in flight.
public struct ControllerHTTPServer: Service, CustomStringConvertible {
    /// Where the server listens.
    public struct Configuration: Sendable {
        /// The address to bind, e.g. `0.0.0.0` or `127.0.0.1`.
        public var host: String
        /// The port; 0 picks a free one (reported to `onListening`).
        public var port: Int
        /// How long a connection may take to send a request's head (and, idle between requests
        /// or while sending a body, how long it may stay silent) before it is closed.
        public var headerTimeout: Duration

        /// The header timeout unless one is given: long enough for any real client, short
        /// enough that a slow-loris client holds a connection for seconds, not forever.
        public static let defaultHeaderTimeout = Duration.seconds(10)

        /// Creates a configuration.
        public init(host: String = "0.0.0.0", port: Int = 8080, headerTimeout: Duration = defaultHeaderTimeout) {
            self.host = host
            self.port = port
            self.headerTimeout = headerTimeout
        }

        /// `host:port`, an IPv6 host in brackets: the address as errors and logs name it.
        public var address: String {
            host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// The server could not start listening: the address (as configured) and why.
    public struct ListenFailure: Error, Sendable, CustomStringConvertible {
        /// `host:port` as configured.
        public var address: String
        /// Why, e.g. "address already in use".
        public var reason: String

        /// One line naming the address.
        public var description: String { "cannot listen on \(address): \(reason)" }
    }

    private let application: Application<RouterResponder<BasicRequestContext>>
    private let address: String
    private let listening: ListeningSignal

    /// Creates the server.
    /// - Parameters:
    ///   - store: the statuses and readiness to serve.
    ///   - metrics: the metrics `/metrics` renders.
    ///   - webhook: verifies `POST /hooks/git`; `nil` when no secret is configured, and then the
    ///     route answers 404 (an unauthenticated trigger is never offered).
    ///   - onPush: called with the branch of each authentic push, once per accepted delivery;
    ///     the reconcile loop consumes these (e.g. by yielding into an `AsyncStream<String>`).
    ///   - onListening: called with the bound port once the server accepts connections.
    ///   - listening: told once the server accepts connections (or that it never will), for
    ///     services that must not start before the address is bound.
    public init(
        configuration: Configuration = Configuration(),
        store: StatusStore,
        metrics: ControllerMetrics,
        webhook: WebhookVerifier?,
        onPush: @escaping @Sendable (String) async -> Void,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        listening: ListeningSignal = ListeningSignal(),
        logger: Logger = Logger(label: "ballast.http")
    ) {
        self.init(
            configuration: configuration, applications: ApplicationStatuses(single: store), metrics: metrics,
            webhook: webhook, onPush: onPush, onListening: onListening, listening: listening, logger: logger)
    }

    /// Creates the server for every application of `applications` (see the other initializer
    /// for the rest).
    public init(
        configuration: Configuration = Configuration(),
        applications: ApplicationStatuses,
        metrics: ControllerMetrics,
        webhook: WebhookVerifier?,
        onPush: @escaping @Sendable (String) async -> Void,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        listening: ListeningSignal = ListeningSignal(),
        logger: Logger = Logger(label: "ballast.http")
    ) {
        // HEAD on a GET route answers as GET, without the body (RFC 9110 §9.3.2).
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: NotFoundText())
        Self.addStatusRoutes(to: router, applications: applications, metrics: metrics)
        Self.addWebhookRoute(to: router, webhook: webhook, onPush: onPush, logger: logger)
        self.application = Application(
            router: router,
            server: .http1(
                configuration: HTTP1Channel.Configuration(
                    idleTimeout: .nanoseconds(Self.nanoseconds(configuration.headerTimeout)))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "ballast"
            ),
            onServerRunning: { channel in
                await listening.open()
                await onListening(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
        self.address = configuration.address
        self.listening = listening
    }

    /// Serves until graceful shutdown or cancellation. An address that cannot be bound is a
    /// ``ListenFailure`` naming it.
    public func run() async throws {
        do {
            try await application.run()
        } catch {
            let wasListening = await listening.close()
            guard !wasListening else { throw error }
            throw ListenFailure(address: address, reason: Self.reason(error))
        }
        await listening.close()
    }

    /// Why binding failed, in words: the system's message for the error number when there is
    /// one ("Address already in use"), else the error as it describes itself.
    private static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if let range = text.range(of: "errno: ") {
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            if let code = Int32(digits) { return String(cString: strerror(code)) }
        }
        return text
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// The service's name in lifecycle logs.
    public var description: String { "ControllerHTTPServer" }

    private static func addStatusRoutes(
        to router: Router<BasicRequestContext>, applications: ApplicationStatuses, metrics: ControllerMetrics
    ) {
        router.get("healthz") { _, _ in
            Self.text(.ok, "ok\n")
        }
        router.get("readyz") { _, _ in
            await applications.isReady() ? Self.text(.ok, "ready\n") : Self.text(.serviceUnavailable, "not ready\n")
        }
        router.get("status") { _, _ in
            try Self.json(await applications.document())
        }
        router.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: await Self.page(applications)))
            )
        }
        router.get("status/{name}") { _, context in
            let name = try context.parameters.require("name")
            // The single form's /status/<stage> keeps its meaning; then an application's entry.
            if let store = applications.singleStore, let status = await store.status(of: name) {
                return try Self.json(status)
            }
            if let entry = applications.entry(name) {
                return try Self.json(await applications.document(of: entry))
            }
            return Self.text(.notFound, "no application or stage named \(name.prefix(100))\n")
        }
        router.get("status/{name}/{stage}") { _, context in
            let name = try context.parameters.require("name")
            let stage = try context.parameters.require("stage")
            guard let entry = applications.entry(name) else {
                return Self.text(.notFound, "no application named \(name.prefix(100))\n")
            }
            guard let store = entry.store else {
                return Self.text(
                    .notFound, "application \(name) is reconciled by shard \(entry.shard), not by this replica\n")
            }
            guard let status = await store.status(of: stage) else {
                return Self.text(.notFound, "no stage named \(stage.prefix(100)) in application \(name)\n")
            }
            return try Self.json(status)
        }
        router.get("badge/{stage}.svg") { _, context in
            let stage = String(try context.parameters.require("stage").prefix(100))
            return Self.badge(await applications.singleStore?.status(of: stage), stage: stage)
        }
        router.get("badge/{name}/{stage}.svg") { _, context in
            let name = try context.parameters.require("name")
            let stage = String(try context.parameters.require("stage").prefix(100))
            return Self.badge(await applications.store(of: name)?.status(of: stage), stage: stage)
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition()))
            )
        }
    }

    /// The badge of `status`; grey "unknown" for a stage not known (here).
    private static func badge(_ status: StageStatus?, stage: String) -> Response {
        let svg: String
        if let status {
            svg = Badge.svg(for: status)
        } else {
            svg = Badge.svg(label: stage, message: "unknown", color: Badge.color(for: .unknown))
        }
        return Response(
            status: .ok,
            headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: svg))
        )
    }

    private static func addWebhookRoute(
        to router: Router<BasicRequestContext>, webhook: WebhookVerifier?,
        onPush: @escaping @Sendable (String) async -> Void, logger: Logger
    ) {
        router.post("hooks/git") { request, _ in
            guard let webhook else {
                return Self.text(.notFound, "webhooks are not enabled (no webhook secret configured)\n")
            }
            let header = { (name: String) -> [String] in
                request.headers.filter { $0.name.canonicalName == name }.map(\.value)
            }
            let delivery = header("x-github-delivery").first
            do throws(WebhookError) {
                let signatures = header("x-hub-signature-256")
                _ = try webhook.claimedMAC(from: signatures)
                let body = try await request.body.collect(
                    limit: webhook.maximumBodySize, declaredLength: header("content-length").first.flatMap { Int($0) }
                )
                let event = try await webhook.verify(
                    WebhookDelivery(
                        signatures: signatures, deliveryID: delivery, event: header("x-github-event").first, body: body
                    )
                )
                switch event {
                case .ping:
                    logger.info("webhook ping", metadata: ["delivery": "\(delivery ?? "-")"])
                    return Self.text(.ok, "pong\n")
                case .ignored(let why):
                    logger.info("webhook ignored", metadata: ["delivery": "\(delivery ?? "-")", "reason": "\(why)"])
                    return Self.text(.ok, "ignored: \(why)\n")
                case .push(let branch):
                    logger.info("webhook push", metadata: ["delivery": "\(delivery ?? "-")", "branch": "\(branch)"])
                    await onPush(branch)
                    return Self.text(.accepted, "reconcile of branch \(branch) triggered\n")
                }
            } catch {
                logger.warning(
                    "webhook rejected",
                    metadata: ["delivery": "\(delivery?.prefix(128) ?? "-")", "reason": "\(error.reason)"]
                )
                return Self.text(HTTPResponse.Status(code: error.statusCode), error.reason + "\n")
            }
        }
    }

    /// The status page: the single form's stages as before, or every application's.
    private static func page(_ applications: ApplicationStatuses) async -> String {
        let document = await applications.document()
        if let store = applications.singleStore {
            var history: [String: [StageStatus]] = [:]
            for stage in document.stages.keys { history[stage] = await store.history(of: stage) }
            return StatusPage.render(document, history: history, now: Date())
        }
        var histories: [String: [String: [StageStatus]]] = [:]
        for entry in applications.entries {
            guard let store = entry.store else { continue }
            var history: [String: [StageStatus]] = [:]
            for status in await store.allStatuses() { history[status.stage] = await store.history(of: status.stage) }
            histories[entry.name] = history
        }
        return StatusPage.render(
            applications: applications.entries.map(\.name), document, histories: histories, now: Date())
    }

    private static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    private static func json(_ value: some Encodable) throws -> Response {
        let data = try StatusDocument.encoder.encode(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
