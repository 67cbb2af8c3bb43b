import BallastTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: it answers requests in order from a script,
/// keeps connections alive, and counts the connections it accepted.
///
/// Plain POSIX sockets, one thread to accept and one per connection. Not a fake of AWS: it
/// only produces the HTTP-level situations (statuses, drops, delays) the transport must handle.
final class ScriptedHTTPServer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private struct State {
        var script: [ScriptedReply]
        var requests: [RecordedRequest] = []
        var acceptedConnections = 0
        var openSockets: Set<Int32> = []
        var stopped = false
    }

    let port: Int
    private let listener: Int32
    private let fallback: ScriptedReply
    private let state: Protected<State>

    /// Starts listening on a free loopback port; `fallback` answers once the script is used up.
    init(script: [ScriptedReply], fallback: ScriptedReply = .status(500, "script exhausted")) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            close(listener)
            throw Failure(description: "bind/listen: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listener = listener
        self.fallback = fallback
        self.state = Protected(State(script: script))
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String = "/") -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// The requests read so far, in order.
    var requests: [RecordedRequest] { state.current.requests }
    /// How many requests were read so far.
    var hits: Int { state.current.requests.count }
    /// How many TCP connections were accepted so far.
    var acceptedConnections: Int { state.current.acceptedConnections }

    /// Closes the listening socket and every open connection.
    func stop() {
        let sockets = state.withLock { state -> Set<Int32> in
            guard !state.stopped else { return [] }
            state.stopped = true
            return state.openSockets.union([listener])
        }
        for socket in sockets { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    // MARK: - Serving

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                break
            }
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.acceptedConnections += 1
                state.openSockets.insert(connection)
                return true
            }
            guard accepted else {
                close(connection)
                break
            }
            Thread { [self] in serve(connection) }.start()
        }
        close(listener)
    }

    private func serve(_ connection: Int32) {
        defer {
            state.withLock { _ = $0.openSockets.remove(connection) }
            close(connection)
        }
        var buffer = [UInt8]()
        while let request = readRequest(connection, buffer: &buffer) {
            let reply = state.withLock { state -> ScriptedReply in
                state.requests.append(request)
                return state.script.isEmpty ? fallback : state.script.removeFirst()
            }
            guard answer(reply, on: connection) else { return }
        }
    }

    /// Acts out `reply`; `false` when the connection is closed afterwards.
    private func answer(_ reply: ScriptedReply, on connection: Int32) -> Bool {
        switch reply {
        case .drop:
            return false
        case .truncate(let declaredLength, let sent):
            let head = "HTTP/1.1 200 OK\r\nContent-Length: \(declaredLength)\r\n\r\n"
            write(Data(head.utf8) + sent, to: connection)
            return false
        case .respond(let status, let headers, let body, let delay, let closeDelimited):
            if delay > .zero, !waitWhileOpen(connection, for: delay) { return false }
            var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += closeDelimited ? "Connection: close\r\n" : "Content-Length: \(body.count)\r\n"
            head += "\r\n"
            write(Data(head.utf8) + body, to: connection)
            return !closeDelimited
        }
    }

    /// Waits `delay`, or less if the client closes the connection first (then `false`).
    private func waitWhileOpen(_ connection: Int32, for delay: Duration) -> Bool {
        let deadline = ContinuousClock.now + delay
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready > 0 { return false }  // the client closed (or sent more): stop waiting
            if state.current.stopped { return false }
        }
        return true
    }

    private func write(_ data: Data, to connection: Int32) {
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let sent = send(connection, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    /// Reads one request (head and `Content-Length` body); `nil` at end of stream.
    private func readRequest(_ connection: Int32, buffer: inout [UInt8]) -> RecordedRequest? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find(separator, in: buffer)
            if headEnd == nil, !readMore(connection, into: &buffer) { return nil }
        }
        guard let headEnd else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers: [(String, String)] = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        let bodyStart = headEnd + separator.count
        while buffer.count < bodyStart + length {
            if !readMore(connection, into: &buffer) { return nil }
        }
        let body = Data(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return RecordedRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readMore(_ connection: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        let count = recv(connection, &chunk, chunk.count, 0)
        guard count > 0 else { return false }
        buffer.append(contentsOf: chunk[..<count])
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
