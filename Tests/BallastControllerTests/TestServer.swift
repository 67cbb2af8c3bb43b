import BallastController
import BallastTestSupport
import Foundation
import Logging
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The branches the server handed to the reconcile loop, in order.
actor PushRecorder {
    private(set) var branches: [String] = []

    func record(_ branch: String) {
        branches.append(branch)
    }
}

/// Log lines kept in memory, so a test can check what the server logged.
final class LogCapture: Sendable {
    private let lines = Protected<[String]>([])

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var all: [String] { lines.current }

    func logger(label: String = "ballast.test") -> Logger {
        Logger(label: label) { _ in CapturingLogHandler(capture: self) }
    }
}

/// A log handler writing into a `LogCapture`, metadata included.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        capture.append("\(event.level) \(event.message) \(merged)")
    }
}

/// A real `ControllerHTTPServer` on a free loopback port, in a `ServiceGroup`.
struct RunningServer {
    let base: URL
    let port: Int
    let pushes: PushRecorder
    let group: ServiceGroup

    /// Runs a server with `store`, `metrics` and `webhook`, hands it to `body`, then shuts the
    /// group down gracefully and waits for it.
    static func with<T: Sendable>(
        store: StatusStore = StatusStore(time: Date(timeIntervalSince1970: 0)),
        applications: ApplicationStatuses? = nil,
        metrics: ControllerMetrics = ControllerMetrics(),
        webhook: WebhookVerifier? = nil,
        logs: LogCapture = LogCapture(),
        extraServices: [any Service] = [],
        policy: ShutdownPolicy = ShutdownPolicy(signals: []),
        host: String = "127.0.0.1",
        headerTimeout: Duration = ControllerHTTPServer.Configuration.defaultHeaderTimeout,
        _ body: @Sendable (RunningServer) async throws -> T
    ) async throws -> T {
        let pushes = PushRecorder()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let server = ControllerHTTPServer(
            configuration: .init(host: host, port: 0, headerTimeout: headerTimeout),
            applications: applications ?? ApplicationStatuses(single: store),
            metrics: metrics,
            webhook: webhook,
            onPush: { await pushes.record($0) },
            onListening: { port in
                portContinuation.yield(port)
                portContinuation.finish()
            },
            logger: logs.logger(label: "ballast.http")
        )
        let group = ControllerServiceGroup.make(
            services: [server] + extraServices, policy: policy, logger: logs.logger(label: "ballast.lifecycle")
        )
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                await group.triggerGracefulShutdown()
                throw TestFailure("the server never reported a port")
            }
            let running = RunningServer(
                base: URL(string: host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)")!,
                port: port, pushes: pushes, group: group
            )
            do {
                let result = try await body(running)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// Sends a request and returns the status, headers (lowercased names) and body.
    func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8]? = nil
    ) async throws -> HTTPResult {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestFailure("not an HTTP response") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            fields["\(name)".lowercased()] = "\(value)"
        }
        return HTTPResult(status: http.statusCode, headers: fields, body: data)
    }
}

/// What came back from the server.
struct HTTPResult: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A failure of the test harness itself.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
