import BallastController
import Foundation
import Testing

@Suite("the HTTP server on an IPv6 address")
struct IPv6ListenTests {
    /// Whether the machine has the IPv6 loopback address (::1).
    static var hasIPv6Loopback: Bool {
        let interfaces = (try? String(contentsOfFile: "/proc/net/if_inet6", encoding: .utf8)) ?? ""
        return interfaces.contains("00000000000000000000000000000001")
    }

    @Test(
        "it listens on ::1 and answers there", .enabled(if: hasIPv6Loopback, "no IPv6 loopback (::1) on this machine"))
    func loopback() async throws {
        try await RunningServer.with(host: "::1") { server in
            let answer = try await RawConnection.exchange(
                host: "::1", port: server.port, method: "GET", path: "/healthz")
            #expect(answer.status == 200)
        }
    }
}
