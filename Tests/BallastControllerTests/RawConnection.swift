import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP connection to the server on loopback, byte by byte: for what URLSession hides (a
/// body sent after a HEAD answer, a client that never finishes its headers). Its blocking
/// socket calls run on a dispatch queue, never on the Swift concurrency threads the server's
/// handlers need; one task uses a connection at a time.
final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `host` (`127.0.0.1` or `::1`) at `port`.
    init(host: String = "127.0.0.1", port: Int) throws {
        let family = host.contains(":") ? AF_INET6 : AF_INET
        descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(String(cString: strerror(errno)))") }
        let result: Int32
        if family == AF_INET6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw TestFailure("connect to \(host):\(port): \(message)")
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends `text`; false when the server has closed the connection.
    @discardableResult
    func send(_ text: String) async -> Bool {
        await Self.offPool { self.sendNow(text) }
    }

    /// Whether the server closed the connection within `timeout` seconds (bytes it sent before
    /// closing are read and dropped).
    func isClosedByServer(within timeout: TimeInterval) async -> Bool {
        await Self.offPool { self.isClosedNow(within: timeout) }
    }

    /// Everything the server sends until it closes the connection (or `timeout` seconds pass).
    func readToEnd(timeout: TimeInterval = 10) async -> [UInt8] {
        await Self.offPool { self.readNow(timeout: timeout) }
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }

    private func sendNow(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return sent == bytes.count
    }

    private func isClosedNow(within timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, left) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return true }
        }
        return false
    }

    private func readNow(timeout: TimeInterval) -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, left) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return received
    }

    /// One request with `Connection: close`, and the answer split into the head (status line
    /// and headers, names lowercased) and the bytes after it.
    static func exchange(host: String = "127.0.0.1", port: Int, method: String, path: String) async throws
        -> RawAnswer
    {
        let connection = try RawConnection(host: host, port: port)
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        await connection.send("\(method) \(path) HTTP/1.1\r\nHost: \(authority)\r\nConnection: close\r\n\r\n")
        let bytes = await connection.readToEnd()
        guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw TestFailure("no complete answer to \(method) \(path): \(String(decoding: bytes, as: UTF8.self))")
        }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return RawAnswer(status: status, headers: headers, body: Array(bytes[end.upperBound...]))
    }
}

/// An answer read off the wire.
struct RawAnswer {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
}
