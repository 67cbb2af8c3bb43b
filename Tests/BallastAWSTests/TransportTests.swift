import BallastAWS
import BallastHTTP
import Foundation
import Testing

/// Loopback transports use `proxy: .none`, so a proxy variable in the test run's environment
/// cannot reroute them; `explicitProxy` covers routing through a proxy.
@Suite("HTTPTransport over libcurl against a loopback server")
struct TransportTests {
    @Test("a GET returns the status, headers and body, and sends the request's headers")
    func getRoundTrip() async throws {
        let server = try ScriptedHTTPServer(script: [.status(200, "hello", headers: [("X-Answer", "42")])])
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let request = HTTPRequest(
            method: "GET", url: server.url("/things?name=a%20b"), headers: [HTTPHeader("X-Question", "life")])
        let response = try await transport.send(request)
        #expect(response.status == 200)
        #expect(response.headers.value(for: "x-answer") == "42")
        #expect(String(decoding: response.body, as: UTF8.self) == "hello")
        let seen = try #require(server.requests.first)
        #expect(seen.method == "GET")
        #expect(seen.target == "/things?name=a%20b")
        #expect(seen.header("X-Question") == "life")
        #expect(seen.body.isEmpty)
    }

    @Test("a body is sent as given, with its content type and no Expect", arguments: ["POST", "PUT", "PATCH"])
    func bodyRoundTrip(method: String) async throws {
        let server = try ScriptedHTTPServer(script: [.status(200, #"{"ok":true}"#)])
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let body = Data((0..<5000).map { UInt8($0 % 251) })
        let request = HTTPRequest(
            method: method, url: server.url("/upload"),
            headers: [HTTPHeader("Content-Type", "application/octet-stream")], body: body)
        let response = try await transport.send(request)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        let seen = try #require(server.requests.first)
        #expect(seen.method == method)
        #expect(seen.body == body)
        #expect(seen.header("Content-Type") == "application/octet-stream")
        #expect(seen.header("Expect") == nil)
    }

    @Test("sequential requests to one host reuse one connection")
    func connectionReuse() async throws {
        let server = try ScriptedHTTPServer(script: [], fallback: .status(200, "again"))
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        for index in 0..<4 {
            let response = try await transport.send(HTTPRequest(method: "GET", url: server.url("/\(index)")))
            #expect(response.status == 200)
        }
        #expect(server.hits == 4)
        #expect(server.acceptedConnections == 1)
    }

    @Test("concurrent requests all complete")
    func concurrentRequests() async throws {
        let server = try ScriptedHTTPServer(script: [], fallback: .status(200, "ok", delay: .milliseconds(50)))
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await transport.send(HTTPRequest(method: "GET", url: server.url("/\(index)"))).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
        #expect(server.hits == 8)
    }

    @Test(
        "a response over the size cap fails with responseTooLarge",
        arguments: [false, true]  // with a Content-Length, and close-delimited without one
    )
    func sizeCap(closeDelimited: Bool) async throws {
        let body = String(repeating: "x", count: 10_000)
        let server = try ScriptedHTTPServer(script: [.status(200, body, closeDelimited: closeDelimited)])
        defer { server.stop() }
        let transport = try HTTPTransport(
            configuration: TransportConfiguration(proxy: .none, maximumResponseBytes: 1000))
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.url()))
        }
        #expect(error?.kind == .responseTooLarge(limit: 1000))
    }

    @Test("a response within the size cap is returned whole")
    func sizeCapExact() async throws {
        let body = String(repeating: "y", count: 1000)
        let server = try ScriptedHTTPServer(script: [.status(200, body, closeDelimited: true)])
        defer { server.stop() }
        let transport = try HTTPTransport(
            configuration: TransportConfiguration(proxy: .none, maximumResponseBytes: 1000))
        let response = try await transport.send(HTTPRequest(method: "GET", url: server.url()))
        #expect(response.body.count == 1000)
    }

    @Test("a server slower than the total timeout gives a timedOut error")
    func totalTimeout() async throws {
        let server = try ScriptedHTTPServer(script: [.status(200, "late", delay: .seconds(30))])
        defer { server.stop() }
        let transport = try HTTPTransport(
            configuration: TransportConfiguration(timeout: .milliseconds(300), proxy: .none))
        let started = ContinuousClock.now
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.url()))
        }
        #expect(error?.kind == .timedOut)
        #expect(ContinuousClock.now - started < .seconds(20), "the timeout, not the server's 30 s delay, ended it")
    }

    @Test("cancelling the task aborts a running request with CancellationError")
    func cancellationOfRunningRequest() async throws {
        let server = try ScriptedHTTPServer(script: [.status(200, "late", delay: .seconds(30))])
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let started = ContinuousClock.now
        let task = Task { try await transport.send(HTTPRequest(method: "GET", url: server.url())) }
        while server.hits == 0, ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(server.hits == 1, "the request reached the server before it was cancelled")
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - started < .seconds(20), "cancellation, not the server's 30 s delay, ended it")
    }

    @Test("a request sent from an already cancelled task is not sent")
    func cancellationBeforeSending() async throws {
        let server = try ScriptedHTTPServer(script: [.status(200)])
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(HTTPRequest(method: "GET", url: server.url()))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(server.hits == 0)
    }

    @Test("nothing listening is a connectionRefused error")
    func connectionRefused() async throws {
        let server = try ScriptedHTTPServer(script: [])
        let url = server.url("/")
        server.stop()
        try await Task.sleep(for: .milliseconds(50))
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: url))
        }
        #expect(error?.kind == .connectionRefused)
        #expect(error?.description.hasPrefix("connection refused: \(url.absoluteString)") == true)
    }

    @Test("a connection closed mid-body is connectionClosed; closed with no answer is emptyReply")
    func brokenConnections() async throws {
        let server = try ScriptedHTTPServer(script: [.truncate(declaredLength: 100, sent: Data("short".utf8)), .drop])
        defer { server.stop() }
        let transport = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let truncated = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.url()))
        }
        #expect(truncated?.kind == .connectionClosed)
        let dropped = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.url()))
        }
        #expect(dropped?.kind == .emptyReply)
    }

    @Test("an explicit proxy receives the request in absolute form")
    func explicitProxy() async throws {
        let proxy = try ScriptedHTTPServer(script: [.status(200, "via proxy")])
        defer { proxy.stop() }
        let transport = try HTTPTransport(
            configuration: TransportConfiguration(proxy: .url("http://127.0.0.1:\(proxy.port)")))
        let url = try #require(URL(string: "http://ballast-proxy-test.invalid/path?q=1"))
        let response = try await transport.send(HTTPRequest(method: "GET", url: url))
        #expect(String(decoding: response.body, as: UTF8.self) == "via proxy")
        #expect(proxy.requests.first?.target == "http://ballast-proxy-test.invalid/path?q=1")
    }
}

@Suite("HTTPTransport TLS verification against openssl s_server")
struct TransportTLSTests {
    @Test("a self-signed server is refused with a TLS error, and trusted with its certificate as the CA bundle")
    func verificationAndCABundle() async throws {
        let server = try await TLSTestServer.start()
        defer { server.stop() }
        let url = try #require(URL(string: "https://127.0.0.1:\(server.port)/"))

        let untrusting = try HTTPTransport(configuration: TransportConfiguration(proxy: .none))
        let error = await #expect(throws: TransportError.self) {
            try await untrusting.send(HTTPRequest(method: "GET", url: url))
        }
        #expect(error?.kind == .tls, "\(String(describing: error))")

        let trusting = try HTTPTransport(
            configuration: TransportConfiguration(caBundlePath: server.certificatePath, proxy: .none))
        let response = try await trusting.send(HTTPRequest(method: "GET", url: url))
        #expect(response.status == 200)
    }
}
