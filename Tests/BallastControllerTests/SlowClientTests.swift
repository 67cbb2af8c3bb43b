import BallastController
import Foundation
import Testing

@Suite("slow and silent clients of the real HTTP server")
struct SlowClientTests {
    @Test("a client that never sends its request head is disconnected after the header timeout")
    func silentClient() async throws {
        try await RunningServer.with(headerTimeout: .seconds(1)) { server in
            let connection = try RawConnection(port: server.port)
            let started = Date()
            // Closed after about the timeout (1 s), with room for a loaded machine; without a
            // timeout it would stay open for as long as the client likes.
            #expect(await connection.isClosedByServer(within: 15))
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    @Test("a client that sends its headers a byte at a time is disconnected; other requests are answered meanwhile")
    func slowLoris() async throws {
        try await RunningServer.with(headerTimeout: .seconds(1)) { server in
            let connection = try RawConnection(port: server.port)
            let started = Date()
            var closed = false
            // One header byte every 200 ms: always sending, never done within 12 s.
            for byte in "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + String(repeating: "a", count: 60) {
                guard await connection.send(String(byte)) else {
                    closed = true
                    break
                }
                if await connection.isClosedByServer(within: 0.2) {
                    closed = true
                    break
                }
                let normal = try await server.request("GET", "healthz")
                #expect(normal.status == 200)
            }
            #expect(closed, "the slow client was still connected after \(Date().timeIntervalSince(started)) s")
            // Closed after about the timeout (1 s), with room for a loaded machine.
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    @Test("requests sent at once are answered, also a second one on a connection kept alive within the timeout")
    func normalRequests() async throws {
        try await RunningServer.with(headerTimeout: .seconds(3)) { server in
            let connection = try RawConnection(port: server.port)
            await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            try await Task.sleep(for: .milliseconds(500))
            await connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let text = String(decoding: await connection.readToEnd(), as: UTF8.self)
            #expect(text.components(separatedBy: "HTTP/1.1 200").count == 3, "\(text)")
        }
    }
}
