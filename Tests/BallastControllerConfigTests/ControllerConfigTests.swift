import BallastControllerConfig
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
        #expect(config.loop.concurrentPasses == 10)
        #expect(config.http.listen == "0.0.0.0:8080")
        #expect(config.github?.repository == "acme/shop")
    }

    @Test("defaults: only the remote is required")
    func defaults() throws {
        let config = try ControllerConfig.parse(Data("git: { remote: /srv/shop.git }\n".utf8), path: "c.yaml")
        #expect(config.git.branch == "main")
        #expect(config.git.notes)
        #expect(config.loop.interval == .seconds(60) && config.loop.jitter == .seconds(6))
        #expect(config.loop.concurrentPasses == 10)
        #expect(config.github == nil)
    }

    @Test("loop.concurrentPasses: from 1 to 1000, anything else named with its line")
    func concurrentPasses() throws {
        let text = "git: { remote: /srv/shop.git }\nloop:\n  concurrentPasses: 25\n"
        #expect(try ControllerConfig.parse(Data(text.utf8), path: "c.yaml").loop.concurrentPasses == 25)
        for wrong in ["0", "1001", "many"] {
            let text = "git: { remote: /srv/shop.git }\nloop:\n  concurrentPasses: \(wrong)\n"
            do {
                _ = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
                Issue.record("concurrentPasses \(wrong) was accepted")
            } catch {
                let lines = error.errors.map(\.description)
                #expect(
                    lines.count == 1
                        && lines[0].hasPrefix("c.yaml:3:21: 'concurrentPasses' must be an integer from 1 to 1000"),
                    "\(lines)")
            }
        }
    }

    @Test("aws.requestsPerSecond: rates by service, a wrong service or rate named with its line")
    func requestRates() throws {
        let text = """
            git: { remote: /srv/shop.git }
            aws:
              requestsPerSecond:
                cloudFormation: 2
                lambda: 20
            """
        let config = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
        #expect(config.aws.requestsPerSecond == ["CloudFormation": 2, "Lambda": 20])
        let defaults = try ControllerConfig.parse(Data("git: { remote: /srv/shop.git }\n".utf8), path: "c.yaml")
        #expect(defaults.aws.requestsPerSecond.isEmpty)

        let wrong = """
            git: { remote: /srv/shop.git }
            aws:
              requestsPerSecond:
                lamda: 20
                s3: 0
            """
        do {
            _ = try ControllerConfig.parse(Data(wrong.utf8), path: "c.yaml")
            Issue.record("a wrong rate was accepted")
        } catch {
            let lines = error.errors.map(\.description)
            #expect(lines.count == 2, "\(lines)")
            #expect(
                lines.first?.hasPrefix(
                    "c.yaml:4:5: unknown key 'lamda' in 'requestsPerSecond' in 'aws'; did you mean 'lambda'?") == true,
                "\(lines)")
            #expect(
                lines.last?.hasPrefix("c.yaml:5:9: 's3' must be an integer from 1 to 1000 requests a second") == true,
                "\(lines)")
        }
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
