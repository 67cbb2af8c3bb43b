import BallastModel
import Foundation
import Testing

@Suite("controller/config.yaml")
struct ControllerConfigTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    @Test("the checked-in controller/config.yaml reads, with its values")
    func checkedIn() throws {
        let config = try ControllerConfig.load(path: Self.root.appendingPathComponent("controller/config.yaml").path)
        #expect(config.git.remote == "https://github.com/acme/shop.git")
        #expect(config.git.tokenFile == "/etc/ballast/git/token")
        #expect(config.loop.interval == .seconds(60))
        #expect(config.loop.rolloutTick == .seconds(3))
        #expect(config.http.listen == "0.0.0.0:8080")
        #expect(config.github?.repository == "acme/shop")
    }

    @Test("defaults: only the remote is required")
    func defaults() throws {
        let config = try ControllerConfig.parse(Data("git: { remote: /srv/shop.git }\n".utf8), path: "c.yaml")
        #expect(config.git.branch == "main")
        #expect(config.git.notes)
        #expect(config.loop.interval == .seconds(60) && config.loop.jitter == .seconds(6))
        #expect(config.github == nil)
    }

    @Test("every mistake is reported at once, with file, line and what is allowed")
    func errors() throws {
        let text = """
            git:
              remote: /srv/shop.git
              brnch: dev
              passwordFile: /p
            loop:
              interval: soon
            http:
              listen: everywhere
            github:
              repository: acme
            """
        #expect(throws: DesiredStateErrors.self) { try ControllerConfig.parse(Data(text.utf8), path: "c.yaml") }
        do {
            _ = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
        } catch {
            let lines = error.errors.map(\.description)
            #expect(
                lines == [
                    "c.yaml:3:3: unknown key 'brnch' in 'git'; did you mean 'branch'? (allowed: remote, branch, cache, tokenFile, user, passwordFile, sshKeyFile, knownHostsFile, allowedSignersFile, notes)",
                    "c.yaml:4:3: 'passwordFile' needs 'user' in 'git'",
                    "c.yaml:6:13: 'interval' must be a duration such as 500ms, 30s, 5m or 1h, found 'soon'",
                    "c.yaml:8:11: 'listen' must be host:port or [IPv6]:port with a port from 0 to 65535, found everywhere",
                    "c.yaml:10:3: missing required key 'tokenFile' in 'github'",
                    "c.yaml:10:15: 'repository' must be owner/name, found acme",
                ], "\(lines)")
        }
    }
}
