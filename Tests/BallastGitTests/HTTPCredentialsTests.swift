import BallastGit
import Foundation
import Testing

@Suite("credentials over http(s)")
struct HTTPCredentialsTests {
    /// A one-file HTTP server that refuses every request with 401 and logs the Authorization header.
    private static let refusingServer = """
        import http.server, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with open(sys.argv[2], "a") as log: log.write((self.headers.get("Authorization") or "-") + "\\n")
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="git"')
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args): pass
        http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
        """

    @Test("a token from a file is offered once as the password of x-access-token; a refusal never shows it")
    func tokenOfferedOnceAndNeverShown() throws {
        let fixture = try GitFixture()
        let python = try Tool.require("python3", install: "apt-get install -y python3")
        let script = fixture.path("server.py")
        try Data(Self.refusingServer.utf8).write(to: URL(fileURLWithPath: script))
        let port = try BackgroundServer.freePort()
        let requests = fixture.path("requests.log")
        let server = try BackgroundServer(
            executable: python, arguments: [script, "\(port)", requests], port: port, log: fixture.path("server.log"))
        defer { server.stop() }
        let token = "ghs_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        try Data((token + "\n").utf8).write(to: URL(fileURLWithPath: fixture.path("token")))

        let mirror = try GitRepository.mirror(
            remote: "http://127.0.0.1:\(port)/repo.git", cache: fixture.path("cache"),
            credentials: GitCredentials(https: .token(.file(fixture.path("token")))))
        let error = #expect(throws: GitError.self) { try mirror.fetch() }
        guard case .authenticationFailed(_, let message) = error else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
        #expect(message.contains("x-access-token"))
        #expect(error?.description.contains(token) == false)
        let sent = try String(contentsOfFile: requests, encoding: .utf8).split(separator: "\n")
        let expected = "Basic " + Data("x-access-token:\(token)".utf8).base64EncodedString()
        #expect(sent.filter { $0 == expected }.count == 1, "the token is offered exactly once: \(sent.count) requests")

        let unset = try GitRepository.mirror(
            remote: "http://127.0.0.1:\(port)/repo.git", cache: fixture.path("cache-2"),
            credentials: GitCredentials(https: .token(.environment("BALLAST_TEST_UNSET_TOKEN"))), environment: [:])
        #expect(throws: GitError.self) { try unset.fetch() }
    }
}
