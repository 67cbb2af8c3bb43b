import Foundation
import Testing

@testable import BallastGit

/// A password or token written into a remote's URL: it authenticates, through libgit2's
/// credential callback, and it is printed nowhere and stored nowhere.
@Suite("credentials in a remote's URL", .serialized)
struct URLCredentialsTests {
    /// `git http-backend` behind basic auth on loopback (Tests/Support/git_http_server.py):
    /// user `ballast` with `password`, or `token` as the user name.
    private struct AuthServer {
        var server: BackgroundServer
        var port: Int
        var log: String
    }

    private func startServer(_ fixture: GitFixture, password: String, token: String) throws -> AuthServer {
        let python = try Tool.require("python3", install: "apt-get install -y python3")
        try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: fixture.path("server-password")))
        try Data((token + "\n").utf8).write(to: URL(fileURLWithPath: fixture.path("server-token")))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/git_http_server.py").path
        let port = try BackgroundServer.freePort()
        let log = fixture.path("requests.log")
        let server = try BackgroundServer(
            executable: python,
            arguments: [
                script, "--port", "\(port)", "--root", fixture.root, "--user", "ballast", "--password-file",
                fixture.path("server-password"), "--token-file", fixture.path("server-token"), "--log", log,
            ],
            port: port, log: fixture.path("server.log"))
        return AuthServer(server: server, port: port, log: log)
    }

    /// Every file under `folder` whose bytes contain `secret`.
    static func files(under folder: String, containing secret: String) -> [String] {
        let needle = Data(secret.utf8)
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            let path = folder + "/" + relative
            if let data = FileManager.default.contents(atPath: path), data.range(of: needle) != nil {
                found.append(relative)
            }
        }
        return found
    }

    @Test(
        "a password in an http URL fetches from a server that requires it; it is in no file of the mirror and no error"
    )
    func passwordInURL() throws {
        let fixture = try GitFixture()
        let (_, work) = try fixture.makeRemote()
        let head = try fixture.commit(["desired/README.md": "behind basic auth"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        let password = "MARKERpw" + UUID().uuidString.prefix(8)
        let token = "MARKERtok" + UUID().uuidString.prefix(8)
        let auth = try startServer(fixture, password: password, token: token)
        defer { auth.server.stop() }
        let base = "http://127.0.0.1:\(auth.port)/remote.git"

        let cache = fixture.path("cache")
        let mirror = try GitRepository.mirror(
            remote: "http://ballast:\(password)@127.0.0.1:\(auth.port)/remote.git", cache: cache)
        try mirror.fetch()
        #expect(try mirror.resolve(branch: "main").hex == head)
        let next = try fixture.commit(["desired/README.md": "again"], in: work)
        try fixture.git(["push", "-q", "origin", "main"], in: work)
        try mirror.fetch()
        #expect(try mirror.resolve(branch: "main").hex == next)
        #expect(try String(contentsOfFile: auth.log, encoding: .utf8).contains("user=ballast 200"))
        #expect(Self.files(under: cache, containing: password) == [], "the password is stored in the mirror")
        let config = try String(contentsOfFile: cache + "/config", encoding: .utf8)
        #expect(config.contains("url = \(base)"), "the mirror's config names the remote without the password")

        // A token given as the user works as well, and is not stored either.
        let tokenCache = fixture.path("cache-token")
        let byToken = try GitRepository.mirror(
            remote: "http://\(token)@127.0.0.1:\(auth.port)/remote.git", cache: tokenCache)
        try byToken.fetch()
        #expect(try byToken.resolve(branch: "main").hex == next)
        #expect(Self.files(under: tokenCache, containing: token) == [])

        // A wrong password: an authentication error that names the remote and shows no password.
        let wrong = "MARKERwrong" + UUID().uuidString.prefix(8)
        let refused = try GitRepository.mirror(
            remote: "http://ballast:\(wrong)@127.0.0.1:\(auth.port)/remote.git", cache: fixture.path("cache-wrong"))
        let error = #expect(throws: GitError.self) { try refused.fetch() }
        guard case .authenticationFailed(let remote, _) = error else {
            Issue.record("expected authenticationFailed, got \(String(describing: error))")
            return
        }
        #expect(remote == "http://ballast:***@127.0.0.1:\(auth.port)/remote.git")
        #expect(error?.description.contains(wrong) == false)
        #expect(Self.files(under: fixture.path("cache-wrong"), containing: wrong) == [])
    }

    @Test("a mirror made with the password in its config loses it on the next open")
    func oldMirrorConfigCleaned() throws {
        let fixture = try GitFixture()
        let cache = fixture.path("cache")
        let secretURL = "https://ballast:MARKERold@example.com/shop.git"
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        try fixture.git(["init", "-q", "--bare"], in: cache)
        try fixture.git(["remote", "add", "origin", secretURL], in: cache)
        _ = try GitRepository.mirror(remote: secretURL, cache: cache)
        #expect(Self.files(under: cache, containing: "MARKERold") == [])
        #expect(
            try String(contentsOfFile: cache + "/config", encoding: .utf8).contains(
                "url = https://example.com/shop.git"))
    }

    @Test(
        "the printed form hides passwords and tokens in every URL form; the stored form drops them",
        arguments: [
            (
                "https://user:pa%40ss@example.com/r.git", "https://user:***@example.com/r.git",
                "https://example.com/r.git"
            ),
            ("https://ghp_abc123@github.com/o/r.git", "https://***@github.com/o/r.git", "https://github.com/o/r.git"),
            (
                "http://u:p@127.0.0.1:8080/r.git?x=1", "http://u:***@127.0.0.1:8080/r.git?***",
                "http://127.0.0.1:8080/r.git?x=1"
            ),
            (
                "https://example.com/r.git?access_token=MARKER", "https://example.com/r.git?***",
                "https://example.com/r.git?access_token=MARKER"
            ),
            ("https://example.com/r.git#MARKER", "https://example.com/r.git#***", "https://example.com/r.git#MARKER"),
            (
                "https://ghp_MARKER:x-oauth-basic@github.com/o/r.git", "https://***:***@github.com/o/r.git",
                "https://github.com/o/r.git"
            ),
            ("https://MARKER:@github.com/o/r.git", "https://***:***@github.com/o/r.git", "https://github.com/o/r.git"),
            (
                "https://github_pat_MARKER:x@github.com/o/r.git", "https://***:***@github.com/o/r.git",
                "https://github.com/o/r.git"
            ),
            (
                "ssh://git:hunter2@example.com:2222/r.git", "ssh://git:***@example.com:2222/r.git",
                "ssh://git@example.com:2222/r.git"
            ),
            ("ssh://git@example.com/r.git", "ssh://git@example.com/r.git", "ssh://git@example.com/r.git"),
            ("git@example.com:o/r.git", "git@example.com:o/r.git", "git@example.com:o/r.git"),
            (
                "deploy:hunter2@example.com:o/r.git", "deploy:***@example.com:o/r.git",
                "deploy:hunter2@example.com:o/r.git"
            ),
            ("git://u:p@example.com/r.git", "git://u:***@example.com/r.git", "git://example.com/r.git"),
            ("/srv/repo.git", "/srv/repo.git", "/srv/repo.git"),
            (
                "https://u:pa/ss?x#y@example.com/r.git", "https://u:***@example.com/r.git",
                "https://u:pa/ss?x#y@example.com/r.git"
            ),
            (
                "https://example.com:8443/a@b/r.git", "https://example.com:8443/a@b/r.git",
                "https://example.com:8443/a@b/r.git"
            ),
            ("https://example.com/a@b/r.git", "https://example.com/a@b/r.git", "https://example.com/a@b/r.git"),
        ])
    func redaction(text: String, printed: String, stored: String) {
        let url = RemoteURL(text)
        #expect(url.redacted == printed)
        #expect("\(url)" == printed)
        #expect(String(reflecting: url).contains(printed))
        #expect(url.withoutCredentials == stored)
    }

    @Test("the credentials a URL carries: user and password, or a token as the user; an SSH user alone is none")
    func embeddedCredentials() {
        #expect(RemoteURL("https://user:pa%40ss@example.com/r.git").embeddedCredentials! == ("user", "pa@ss"))
        #expect(RemoteURL("https://ghp_abc@github.com/o/r.git").embeddedCredentials! == ("ghp_abc", ""))
        #expect(RemoteURL("ssh://git@example.com/r.git").embeddedCredentials == nil)
        #expect(RemoteURL("https://example.com/r.git").embeddedCredentials == nil)
    }
}
