import BallastTestSupport
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A server process a test starts (git daemon, sshd) and stops by its own pid at the end.
final class BackgroundServer {
    private let process: ChildProcess
    let port: Int
    private let log: String

    /// Starts `executable` and waits until it accepts connections on 127.0.0.1:`port`.
    init(executable: String, arguments: [String], port: Int, log: String) throws {
        self.port = port
        self.log = log
        process = try ChildProcess(executable, arguments, output: .file(log), error: .file(log + ".err"))
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                let output = self.output
                stop()
                throw Tool.Failure(description: "\(executable) did not start on port \(port): \(output)")
            }
            usleep(50_000)
        }
    }

    deinit { stop() }

    /// Stops the process this object started (by its pid, never by name: SIGTERM, then SIGKILL
    /// after 5 s) and reaps it.
    func stop() {
        process.terminate()
    }

    /// What the server wrote.
    var output: String {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
            + ((try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? "")
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Tool.Failure(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw Tool.Failure(description: "bind() failed") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw Tool.Failure(description: "getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
