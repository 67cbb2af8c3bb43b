import BallastController
import BallastPlan
import Foundation
import Testing

@Suite("HEAD on the GET routes of the real HTTP server")
struct HeadRequestTests {
    static let time = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(
        "HEAD answers as GET would, with the same status and headers and no body",
        arguments: ["/healthz", "/readyz", "/status", "/status/prod", "/status/nope", "/badge/prod.svg", "/metrics"])
    func headLikeGet(path: String) async throws {
        let store = StatusStore(stages: ["prod"], time: Self.time)
        await store.markReady()
        let metrics = ControllerMetrics()
        metrics.recordGitFetch(duration: .milliseconds(20))
        try await RunningServer.with(store: store, metrics: metrics) { server in
            let get = try await RawConnection.exchange(port: server.port, method: "GET", path: path)
            let head = try await RawConnection.exchange(port: server.port, method: "HEAD", path: path)
            #expect(head.status == get.status, "\(path): HEAD \(head.status), GET \(get.status)")
            #expect(head.headers["content-type"] == get.headers["content-type"], "\(path): \(head.headers)")
            #expect(head.headers["content-length"] == "\(get.body.count)", "\(path): \(head.headers)")
            #expect(head.body.isEmpty, "\(path): HEAD sent \(head.body.count) body bytes")
            #expect(!get.body.isEmpty)
        }
    }
}
