import BallastControllerConfig
import BallastModel
import Foundation
import Testing

@Suite("github.pullRequests in controller/config.yaml")
struct PullRequestPreviewConfigTests {
    static let github = """
        git: { remote: /srv/shop.git }
        github:
          repository: acme/shop
          tokenFile: /t

        """

    @Test("off unless enabled; forks off; a minute between looks, five minutes of budget")
    func defaults() throws {
        let config = try ControllerConfig.parse(Data(Self.github.utf8), path: "c.yaml")
        #expect(config.github?.pullRequests == PullRequestPreviewSettings())
        #expect(config.github?.pullRequests.enabled == false && config.github?.pullRequests.forks == false)
        #expect(config.github?.pullRequests.interval == .seconds(60))
        #expect(config.github?.pullRequests.budget == .seconds(300))
    }

    @Test("every setting is read")
    func settings() throws {
        let text = Self.github + "  pullRequests: { enabled: true, forks: true, interval: 10s, budget: 2m }\n"
        let settings = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml").github?.pullRequests
        #expect(
            settings
                == PullRequestPreviewSettings(enabled: true, forks: true, interval: .seconds(10), budget: .seconds(120))
        )
    }

    @Test("an unknown key, a non-boolean and a duration out of range are errors at their lines")
    func errors() throws {
        let text =
            Self.github + """
                  pullRequests:
                    enabled: yes please
                    fork: true
                    interval: 0s
                """
        do {
            _ = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
            Issue.record("no error")
        } catch {
            let lines = error.errors.map(\.description)
            #expect(lines.count == 3, "\(lines)")
            #expect(
                lines.contains {
                    $0.hasPrefix("c.yaml:7:5: unknown key 'fork' in 'github.pullRequests'; did you mean 'forks'?")
                }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("c.yaml:6:14: 'enabled'") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("c.yaml:8:15: 'interval'") }, "\(lines)")
        }
    }
}
