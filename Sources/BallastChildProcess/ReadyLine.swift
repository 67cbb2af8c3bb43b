import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The line a child prints once it is ready (`aws-emulator listening on http://127.0.0.1:PORT`),
/// read from its output pipe.
public struct ReadyLine: Sendable {
    /// The rest of the first line that starts with the prefix, or nil when the child ended,
    /// closed its output or timed out before printing one.
    public let value: String?
    /// Everything read up to the first newline, for the message when `value` is nil.
    public let printed: String

    /// Reads `descriptor` until a newline, the end, or `deadline`.
    static func receive(from descriptor: Int32, prefix: String, deadline: Date) -> ReadyLine {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while descriptor >= 0, !bytes.contains(UInt8(ascii: "\n")) {
            let milliseconds = Int32(max(0, min(deadline.timeIntervalSinceNow * 1000, 60_000)))
            guard milliseconds > 0 else { break }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        let printed = String(decoding: bytes, as: UTF8.self)
        let line = printed.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return ReadyLine(
            value: line.map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespacesAndNewlines) },
            printed: printed)
    }
}
