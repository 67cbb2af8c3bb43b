import BallastController
import BallastControllerConfig
import BallastModel
import Foundation
import Testing

@Suite("the files notifications name, checked before the controller starts")
final class NotificationCheckTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-notify-check-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func file(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func config(_ text: String) throws -> [NotificationTarget] {
        try ControllerConfig.parse(
            Data(("git: { remote: /srv/shop.git }\nnotifications:\n" + text).utf8), path: "c.yaml"
        )
        .notifications
    }

    @Test("a missing secret file, an unreadable URL file and a URL file without a URL are errors at their lines")
    func errors() throws {
        let notURL = try file("not-a-url", "hooks.slack.com/services/T0/B0/SECRETPART\n")
        let targets = try config(
            """
              - type: webhook
                url: https://hooks.example.com/x
                secretFile: \(folder.path)/missing
              - type: slack
                urlFile: \(folder.path)/absent
              - type: slack
                urlFile: \(notURL)
            """)
        do {
            _ = try NotificationCheck.check(targets)
            Issue.record("no error")
        } catch {
            let lines = error.errors.map(\.description)
            #expect(
                lines == [
                    "c.yaml:5:17: cannot read the secret file \(folder.path)/missing of notification 1 (or it is empty)",
                    "c.yaml:7:14: cannot read the URL file \(folder.path)/absent of notification 2",
                    "c.yaml:9:14: the URL file \(notURL) of notification 3 must hold an http:// or https:// URL",
                ], "\(lines)")
            #expect(!lines.joined().contains("SECRETPART"))
        }
    }

    @Test("a secret over plain http:// and a secret file others can read are warned about; the URL's path is not shown")
    func warnings() throws {
        let secret = try file("secret", "s3cr3t\n", mode: 0o644)
        let slackURL = try file("slack-url", "http://hooks.example.com/services/T0/B0/SECRETPART\n")
        let targets = try config(
            """
              - type: webhook
                url: http://hooks.example.com/ballast
                secretFile: \(secret)
              - type: slack
                urlFile: \(slackURL)
              - type: webhook
                url: http://unsigned.example.com/
            """)
        let warnings = try NotificationCheck.check(targets)
        #expect(warnings.count == 3, "\(warnings)")
        #expect(warnings.contains { $0.hasPrefix("the secret file of webhook-1 \(secret) can be read by every user") })
        #expect(warnings.contains { $0.hasPrefix("the URL of webhook-1 http://hooks.example.com/… is plain http://") })
        #expect(warnings.contains { $0.hasPrefix("the URL of slack-2 http://hooks.example.com/… is plain http://") })
        #expect(!warnings.joined().contains("SECRETPART") && !warnings.joined().contains("s3cr3t"))
    }

    @Test("redacted URLs keep the scheme and host only")
    func redaction() {
        #expect("\(NotificationURL("https://hooks.slack.com/services/T0/B0/X"))" == "https://hooks.slack.com/…")
        #expect(
            "\(NotificationURL("https://user:pw@hooks.example.com:8443?token=x"))" == "https://hooks.example.com:8443/…"
        )
        #expect("\(NotificationURL("http://127.0.0.1:9"))" == "http://127.0.0.1:9")
        #expect("\(NotificationURL("no url"))" == "<not a URL>")
    }

    @Test("the signature is HMAC-SHA256 in hex, as RFC 4231's second test case gives it")
    func signature() {
        let value = NotificationSignature.value(
            body: Data("what do ya want for nothing?".utf8), secret: Array("Jefe".utf8))
        #expect(value == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
