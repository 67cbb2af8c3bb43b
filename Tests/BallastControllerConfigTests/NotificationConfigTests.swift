import BallastControllerConfig
import BallastModel
import Foundation
import Testing

@Suite("notifications: in controller/config.yaml")
struct NotificationConfigTests {
    static func errors(_ text: String) -> [String] {
        do {
            _ = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test("webhook and Slack targets read with their files, filters and timeout")
    func reads() throws {
        let text = """
            git: { remote: /srv/shop.git }
            notifications:
              - type: webhook
                url: https://hooks.example.com/ballast
                secretFile: /etc/ballast/notify/secret
                events: [rolloutStarted, rolledBack]
                timeout: 2s
              - type: slack
                urlFile: /etc/ballast/notify/slack-url
            """
        let config = try ControllerConfig.parse(Data(text.utf8), path: "c.yaml")
        #expect(config.notifications.count == 2)
        let webhook = config.notifications[0]
        #expect(webhook.kind == .webhook && webhook.url == "https://hooks.example.com/ballast")
        #expect(webhook.secretFile?.value == "/etc/ballast/notify/secret")
        #expect(webhook.secretFile?.position?.line == 5)
        #expect(webhook.events == [.rolloutStarted, .rolledBack])
        #expect(webhook.timeout == .seconds(2))
        #expect(webhook.accepts(.rolledBack) && !webhook.accepts(.stageFailed))
        let slack = config.notifications[1]
        #expect(slack.kind == .slack && slack.url == nil && slack.urlFile?.value == "/etc/ballast/notify/slack-url")
        #expect(slack.events == nil && slack.accepts(.approvalNeeded) && slack.timeout == .seconds(5))
    }

    @Test("without notifications: none")
    func none() throws {
        let config = try ControllerConfig.parse(Data("git: { remote: /srv/shop.git }\n".utf8), path: "c.yaml")
        #expect(config.notifications.isEmpty)
    }

    @Test("every mistake in a target is reported with its line, and a URL is never quoted back")
    func mistakes() {
        let text = """
            git: { remote: /srv/shop.git }
            notifications:
              - type: webhok
                url: https://hooks.example.com/x
              - type: slack
                url: ftp://hooks.slack.com/services/T0/B0/SECRETPART
                secretFile: /s
                event: [rolloutStarted]
              - type: webhook
                url: https://a.example.com/
                urlFile: /u
                events: [rolloutStarted, rollbackDone, stageFailed]
                timeout: 5m
              - type: slack
            """
        let lines = Self.errors(text)
        #expect(
            lines == [
                "c.yaml:3:11: 'type' in notification 1 must be one of webhook, slack, found webhok; did you mean 'webhook'?",
                "c.yaml:6:10: 'url' in notification 2 must be an http:// or https:// URL with a host, found a URL with scheme 'ftp'",
                "c.yaml:7:5: 'secretFile' in notification 2 is for type webhook; a Slack incoming webhook's URL is its secret (use urlFile)",
                "c.yaml:8:5: unknown key 'event' in notification 2; did you mean 'events'? (allowed: type, url, urlFile, secretFile, events, timeout)",
                "c.yaml:9:5: notification 3 needs exactly one of 'url' and 'urlFile'",
                "c.yaml:12:30: unknown event 'rollbackDone' in notification 3 (allowed: rolloutStarted, rolloutStep, rolloutCompleted, rolledBack, stageFailed, approvalNeeded)",
                "c.yaml:13:14: 'timeout' must be from 100ms to 1m, found 5m",
                "c.yaml:14:5: notification 4 needs exactly one of 'url' and 'urlFile'",
            ], "\(lines)")
        #expect(!lines.joined().contains("SECRETPART"))
    }

    @Test(
        "notifications must be a list; a misspelled event gets a suggestion",
        arguments: [
            (
                "notifications: { type: slack }",
                "c.yaml:2:16: 'notifications' must be a list of targets, found a mapping"
            ),
            (
                "notifications: [{ type: slack, url: 'https://h.example.com/x', events: [rolledback] }]",
                "c.yaml:2:73: unknown event 'rolledback' in notification 1; did you mean 'rolledBack'? (allowed: rolloutStarted, rolloutStep, rolloutCompleted, rolledBack, stageFailed, approvalNeeded)"
            ),
            (
                "notifications: [{ type: webhook, url: 'https://' }]",
                "c.yaml:2:39: 'url' in notification 1 must be an http:// or https:// URL with a host, found a URL without a host"
            ),
        ])
    func shapes(line: String, expected: String) {
        #expect(Self.errors("git: { remote: /srv/shop.git }\n" + line) == [expected])
    }

    @Test("web URLs: http and https with a host only")
    func webURLs() {
        #expect(NotificationTarget.isWebURL("https://hooks.slack.com/services/T/B/X"))
        #expect(NotificationTarget.isWebURL("http://127.0.0.1:8080"))
        #expect(!NotificationTarget.isWebURL("https://"))
        #expect(!NotificationTarget.isWebURL("https://:80/x"))
        #expect(!NotificationTarget.isWebURL("file:///etc/passwd"))
        #expect(!NotificationTarget.isWebURL("hooks.slack.com/services"))
        #expect(!NotificationTarget.isWebURL("https://a.example.com/x y"))
    }
}

@Suite("a notification target printed")
struct NotificationTargetPrintingTests {
    @Test("its URL is never shown, however it is printed")
    func redacted() {
        let target = NotificationTarget(kind: .slack, url: "https://hooks.slack.com/services/T0/B0/SECRETPART")
        var dumped = ""
        dump(target, to: &dumped)
        for text in ["\(target)", String(reflecting: target), dumped] {
            #expect(!text.contains("SECRETPART") && text.contains("slack"), "\(text)")
        }
    }
}
