import BallastTestSupport
import Foundation
import Testing

/// `ballast run`'s listen address: checked before anything else, named when it cannot be
/// used, IPv6 literals in brackets.
@Suite("ballast run's listen address")
final class RunListenTests {
    let folder: URL
    let remote: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-listen-\(UUID().uuidString)")
        let work = folder.appendingPathComponent("work")
        remote = folder.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"),
            to: work.appendingPathComponent("desired"))
        try GitDesiredStateTests.git(["init", "-q", "-b", "main"], in: work)
        try GitDesiredStateTests.git(["add", "-A"], in: work)
        try GitDesiredStateTests.git(["commit", "-q", "-m", "the example"], in: work)
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        try GitDesiredStateTests.git(["push", "-q", remote.path, "main"], in: work)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    /// The controller on the remote, AWS at `aws`, its mirror in `cache`, with `extra` flags.
    func controller(listen: String, aws: String, cache: URL, extra: [String] = []) throws -> ControllerProcess {
        try ControllerProcess(
            arguments: ["--remote", remote.path, "--cache", cache.path, "--interval", "1s", "--listen", listen]
                + extra,
            environment: BallastExecutable.awsEnvironment(endpoint: aws, home: folder),
            log: folder.appendingPathComponent("controller-\(UUID()).log"))
    }

    @Test("a taken port ends the controller at once with exit 1 and the address named; Git and AWS are not touched")
    func takenPort() throws {
        let taken = try TCPListener()
        let aws = try TCPListener()
        let cache = folder.appendingPathComponent("cache")
        let started = Date()
        let controller = try controller(
            listen: "127.0.0.1:\(taken.port)", aws: "http://127.0.0.1:\(aws.port)", cache: cache)
        let status = controller.waitForExit(timeout: 20)
        #expect(status == 1, "\(controller.output)")
        #expect(Date().timeIntervalSince(started) < 15)
        let errors = controller.output.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        #expect(
            errors == [
                "Error: cannot listen on 127.0.0.1:\(taken.port): Address already in use (http.listen or --listen)"
            ],
            "\(controller.output)")
        #expect(!controller.output.contains("CancellationError"), "\(controller.output)")
        #expect(!FileManager.default.fileExists(atPath: cache.path), "the Git mirror was made: \(controller.output)")
        #expect(!aws.hasPendingConnection, "AWS was called")
    }

    @Test(
        "an IPv6 literal in brackets is listened on",
        .enabled(
            if: ((try? String(contentsOfFile: "/proc/net/if_inet6", encoding: .utf8)) ?? "").contains(
                "00000000000000000000000000000001"), "no IPv6 loopback (::1) on this machine"))
    func ipv6() throws {
        let aws = try TCPListener()
        let controller = try controller(
            listen: "[::1]:0", aws: "http://127.0.0.1:\(aws.port)", cache: folder.appendingPathComponent("cache"))
        var port: Int?
        try Eventually.wait(timeout: 60, "the controller to listen on [::1]; log:\n\(controller.output)") {
            guard let range = controller.output.range(of: "listening on http://[::1]:") else { return false }
            port = Int(controller.output[range.upperBound...].prefix { $0.isNumber })
            return port != nil
        }
        let health = try HTTPProbe.request("http://[::1]:\(port ?? 0)/healthz")
        #expect(health.status == 200, "\(controller.output)")
        #expect(controller.terminate() == 0, "\(controller.output)")
    }

    @Test("an IPv6 address without brackets is refused in one line naming what is allowed")
    func bareIPv6() throws {
        let result = try BallastExecutable.run(
            ["run", "--remote", remote.path, "--listen", "::1:8080"],
            environment: BallastExecutable.awsEnvironment(endpoint: "http://127.0.0.1:9", home: folder))
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "Error: --listen must be host:port or [IPv6]:port with a port from 0 to 65535, found ::1:8080\n",
            "\(result.standardError)")
    }
}
