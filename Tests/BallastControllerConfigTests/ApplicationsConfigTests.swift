import BallastControllerConfig
import BallastModel
import Foundation
import Testing

@Suite("controller/config.yaml: applications")
struct ApplicationsConfigTests {
    func errors(_ text: String) -> [String] {
        do {
            _ = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("the single git.remote form is one application named default, on git's settings")
    func singleForm() throws {
        let config = try ControllerConfig.parse(
            Data("git: { remote: /srv/shop.git, branch: trunk, cache: /c }\n".utf8), path: "c.yaml")
        #expect(config.isSingleApplication)
        let applications = config.resolvedApplications
        #expect(applications.map(\.name) == ["default"])
        #expect(applications.first?.git == config.git)
        #expect(applications.first?.path == "desired")
        #expect(applications.first?.interval == nil)
    }

    @Test("a list: each its remote, credentials, path and interval; git: gives the defaults; each its own cache")
    func list() throws {
        let text = """
            git:
              cache: /var/cache/ballast
              branch: trunk
              tokenFile: /etc/ballast/git/token
            applications:
              - name: shop
                remote: https://github.com/acme/shop.git
              - name: billing-api
                remote: ssh://git@github.com/acme/billing.git
                branch: main
                sshKeyFile: /etc/ballast/billing/id_ed25519
                knownHostsFile: /etc/ballast/billing/known_hosts
                path: services/billing/desired
                interval: 30s
            """
        let config = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
        #expect(!config.isSingleApplication)
        let applications = config.resolvedApplications
        #expect(applications.map(\.name) == ["shop", "billing-api"])
        let shop = try #require(applications.first)
        #expect(shop.git.remote == "https://github.com/acme/shop.git")
        #expect(shop.git.branch == "trunk" && shop.git.tokenFile == "/etc/ballast/git/token")
        #expect(shop.git.cache == "/var/cache/ballast/shop")
        #expect(shop.path == "desired" && shop.interval == nil)
        let billing = try #require(applications.last)
        #expect(billing.git.branch == "main")
        #expect(billing.git.sshKeyFile == "/etc/ballast/billing/id_ed25519")
        #expect(billing.git.knownHostsFile == "/etc/ballast/billing/known_hosts")
        #expect(billing.git.cache == "/var/cache/ballast/billing-api")
        #expect(billing.path == "services/billing/desired")
        #expect(billing.interval == .seconds(30))
    }

    @Test("without git: at all, a list is enough")
    func listAlone() throws {
        let config = try ControllerConfig.parse(
            Data("applications:\n  - { name: shop, remote: /srv/shop.git }\n".utf8), path: "c.yaml")
        #expect(config.resolvedApplications.map(\.git.cache) == ["/var/cache/ballast/shop"])
    }

    @Test("both forms at once are refused at git.remote")
    func bothForms() {
        let lines = errors(
            """
            git:
              remote: /srv/shop.git
            applications:
              - { name: shop, remote: /srv/shop.git }
            """)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.hasPrefix("c.yaml:2:3: 'git.remote' and 'applications' are two forms") == true, "\(lines)")
    }

    @Test("a name listed twice is refused at the second, naming the first's line")
    func duplicate() {
        let lines = errors(
            """
            applications:
              - name: shop
                remote: /srv/a.git
              - name: shop
                remote: /srv/b.git
            """)
        #expect(lines == ["c.yaml:4:11: application 'shop' is listed twice (first at line 2)"], "\(lines)")
    }

    @Test(
        "names must be DNS-label-like",
        arguments: ["Shop", "-shop", "shop-", "shop_api", "9shop", "sh--op", String(repeating: "a", count: 41)])
    func badName(_ name: String) {
        let lines = errors("applications:\n  - { name: '\(name)', remote: /srv/a.git }\n")
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.first?.contains("application name '\(name)' is not allowed") == true, "\(lines)")
    }

    @Test("every mistake in the list at once: missing keys, unknown keys, bad paths and intervals, an empty list")
    func mistakes() {
        let lines = errors(
            """
            applications:
              - name: shop
              - remote: /srv/b.git
                pth: desired
              - name: billing
                remote: /srv/c.git
                path: ../elsewhere
                interval: 2h
              - name: orders
                remote: /srv/d.git
                path: /abs
            """)
        #expect(
            lines == [
                "c.yaml:2:5: missing required key 'remote' in application 1",
                "c.yaml:3:5: missing required key 'name' in application 2",
                "c.yaml:4:5: unknown key 'pth' in application 2; did you mean 'path'? (allowed: name, remote, branch, tokenFile, user, passwordFile, sshKeyFile, knownHostsFile, allowedSignersFile, path, interval, githubRepository)",
                "c.yaml:7:11: 'path' in application 3 may not contain '.' or '..' parts, found '../elsewhere'",
                "c.yaml:8:15: 'interval' must be from 1s to 1h, found 2h",
                "c.yaml:11:11: 'path' in application 4 must be a relative folder inside the repository, such as desired or services/shop/desired, found '/abs'",
            ], "\(lines)")
        #expect(errors("applications: []\n") == ["c.yaml:1:15: 'applications' must list at least one application"])
        #expect(errors("applications: shop\n").first?.hasPrefix("c.yaml:1:15: 'applications' must be a list") == true)
    }

    @Test("an application may post its commit statuses to a repository of its own, through github:'s API and token")
    func githubRepository() throws {
        let github = "github: { repository: acme/platform, tokenFile: /t }\n"
        let config = try ControllerConfig.parse(
            Data(
                (github + "applications:\n  - { name: shop, remote: /srv/a.git, githubRepository: acme/shop }\n"
                    + "  - { name: billing, remote: /srv/b.git }\n").utf8), path: "c.yaml")
        #expect(config.resolvedApplications.map(\.githubRepository) == ["acme/shop", nil])
        #expect(
            errors(github + "applications:\n  - { name: shop, remote: /srv/a.git, githubRepository: acme/ }\n") == [
                "c.yaml:3:57: 'githubRepository' in application 1 must be owner/name, found acme/"
            ])
        #expect(
            errors("applications:\n  - { name: shop, remote: /srv/a.git, githubRepository: acme/shop }\n") == [
                "c.yaml:2:57: 'githubRepository' in application 1 needs 'github' (its apiURL and tokenFile) in the configuration"
            ])
    }
}

@Suite("stacks owned by two applications")
struct StackOwnershipTests {
    @Test("one project-stage in two applications is a collision naming both and the stack")
    func collision() {
        let messages = StackOwnership.collisions([
            .init(application: "shop", project: "shop", stages: ["dev", "prod"]),
            .init(application: "billing", project: "billing", stages: ["prod"]),
            .init(application: "shop-copy", project: "shop", stages: ["prod"]),
        ])
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.contains("applications 'shop' and 'shop-copy'") == true, "\(messages)")
        #expect(messages.first?.contains("shop-prod-network") == true, "\(messages)")
    }

    @Test("different projects or stages do not collide, nor do hyphens that only look alike")
    func none() {
        #expect(
            StackOwnership.collisions([
                .init(application: "a", project: "shop", stages: ["dev"]),
                .init(application: "b", project: "shop", stages: ["prod"]),
                .init(application: "c", project: "billing", stages: ["dev"]),
            ]).isEmpty)
        // shop + a-b and shop-a + b both give shop-a-b-network: a collision after all.
        #expect(
            StackOwnership.collisions([
                .init(application: "a", project: "shop", stages: ["a-b"]),
                .init(application: "b", project: "shop-a", stages: ["b"]),
            ]).count == 1)
    }
}
