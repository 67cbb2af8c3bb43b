import BallastTestSupport
import Foundation
import Testing

/// `ballast run` with `notifications:` against the emulator, a real Git remote and recording
/// receivers on loopback: a signed generic webhook, a Slack-compatible one whose URL comes from
/// a file, and a receiver that never answers.
@Suite("ballast run posts notifications", .serialized)
final class NotificationRunTests {
    let emulator: LoopbackPeer
    let webhook: LoopbackPeer
    let slack: LoopbackPeer
    let hanging: LoopbackPeer
    let folder: URL
    let work: URL
    let remote: URL
    static let secret = "wh-s3cr3t-for-tests"
    static let slackSecretPath = "/services/T0000/B0000/SLACKSECRETPART"

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-notify-\(UUID().uuidString)")
        work = folder.appendingPathComponent("work")
        remote = folder.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"),
            to: work.appendingPathComponent("desired"))
        // dev rolls out in three steps; prod's branch does not exist, so only dev is deployed.
        let project = work.appendingPathComponent("desired/ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8))
            .replacingOccurrences(
                of: "rollout:    { strategy: allAtOnce }",
                with: "rollout:    { strategy: linear, percent: 34, every: 2s }"
            )
            .replacingOccurrences(of: "    branch: main\n", with: "    branch: release\n")
            .write(to: project, atomically: true, encoding: .utf8)
        webhook = try LoopbackPeer.githubRecorder(log: folder.appendingPathComponent("webhook.jsonl").path)
        slack = try LoopbackPeer.githubRecorder(log: folder.appendingPathComponent("slack.jsonl").path)
        hanging = try LoopbackPeer.githubRecorder(
            log: folder.appendingPathComponent("hanging.jsonl").path, extra: ["--hang", "600"])
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "the example"])
        try git(["branch", "dev"])
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        try git(["remote", "add", "origin", remote.path])
        try git(["push", "-q", "origin", "main", "dev"])
        try ReconcileCommandTests.pushImages(to: emulator.url, stages: ["dev"])
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func git(_ arguments: [String]) throws {
        try GitDesiredStateTests.git(arguments, in: work)
    }

    /// Writes the configuration: the remote, a fast loop, and the three receivers.
    func configFile() throws -> URL {
        let secret = folder.appendingPathComponent("webhook-secret")
        try "\(Self.secret)\n".write(to: secret, atomically: true, encoding: .utf8)
        let slackURL = folder.appendingPathComponent("slack-url")
        try "\(slack.url)\(Self.slackSecretPath)\n".write(to: slackURL, atomically: true, encoding: .utf8)
        for file in [secret, slackURL] {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
        let config = folder.appendingPathComponent("config.yaml")
        try """
        git:
          remote: \(remote.path)
          branch: main
          cache: \(folder.appendingPathComponent("cache").path)
        loop: { interval: 2s, rolloutTick: 1s }
        http: { listen: 127.0.0.1:0 }
        notifications:
          - type: webhook
            url: \(webhook.url)/ballast
            secretFile: \(secret.path)
          - type: slack
            urlFile: \(slackURL.path)
            events: [rolloutStarted, rolloutCompleted, stageFailed]
          - type: webhook
            url: \(hanging.url)/hangs
            timeout: 10s

        """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ]
    }

    func recorded(_ name: String) -> [[String: Any]] {
        let log = folder.appendingPathComponent("\(name).jsonl")
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func waitSynced(at commit: String, port: Int, controller: ControllerProcess, timeout: Double) throws {
        try Eventually.wait(
            timeout: timeout, "dev synced at \(commit.prefix(12)); log:\n\(controller.output.suffix(4000))"
        ) {
            HTTPProbe.isSynced(["dev": commit], port: port)
        }
    }

    @Test(
        "a rollout and a refused commit reach each receiver once per event, signed, with no secret; a hanging receiver delays nothing"
    )
    func rolloutNotifications() throws {
        let controller = try ControllerProcess(
            arguments: ["--config", try configFile().path], environment: environment,
            log: folder.appendingPathComponent("controller.log"))
        let port = try controller.port()
        let first = try GitDesiredStateTests.head(of: work, revision: "dev")
        try waitSynced(at: first, port: port, controller: controller, timeout: 120)

        // A configuration change of orders: a new version, rolled out 34%, 68%, 100%.
        try git(["checkout", "-q", "dev"])
        let orders = work.appendingPathComponent("desired/functions/orders.yaml")
        let text = try String(contentsOf: orders, encoding: .utf8)
        try text.replacingOccurrences(
            of: #"memoryMiB: \d+, environment"#, with: "memoryMiB: 384, environment", options: .regularExpression
        ).write(to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "orders: 384 MiB in dev"])
        try git(["push", "-q", "origin", "dev"])
        let second = try GitDesiredStateTests.head(of: work, revision: "dev")
        let pushed = Date()
        // Were a report to wait for the receiver that never answers (3 attempts of 10 s each),
        // each of the rollout's reports would take half a minute more: its start and its step
        // alone would hold it past 60 s.
        try waitSynced(at: second, port: port, controller: controller, timeout: 50)
        let rolloutTook = Date().timeIntervalSince(pushed)

        // A commit with an error: refused, told once.
        try (try String(contentsOf: orders, encoding: .utf8) + "memoryMB: 1\n").write(
            to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "a typo"])
        try git(["push", "-q", "origin", "dev"])
        let third = try GitDesiredStateTests.head(of: work, revision: "dev")
        try Eventually.wait(timeout: 30, "dev refused; log:\n\(controller.output.suffix(3000))") {
            let events = recorded("webhook").compactMap { $0["body"] as? [String: Any] }
            return events.contains { $0["event"] as? String == "stageFailed" && $0["revision"] as? String == third }
        }
        // Polls go on: the refused commit is not told again.
        Thread.sleep(forTimeInterval: 5)
        #expect(controller.terminate() == 0, "\(controller.output.suffix(3000))")

        let requests = recorded("webhook")
        let events = requests.compactMap { $0["body"] as? [String: Any] }
        let rollout = events.filter { $0["revision"] as? String == second && $0["function"] as? String == "orders" }
        #expect(
            rollout.compactMap { $0["event"] as? String } == ["rolloutStarted", "rolloutStep", "rolloutCompleted"],
            "\(events)")
        #expect(rollout.compactMap { $0["weight"] as? Int } == [34, 68, 100], "\(rollout)")
        #expect(events.filter { $0["revision"] as? String == second && $0["function"] as? String != "orders" }.isEmpty)
        let failures = events.filter { $0["event"] as? String == "stageFailed" }
        #expect(failures.filter { $0["stage"] as? String == "dev" }.count == 1, "\(events)")
        // prod's branch does not exist: told once too, however many polls saw it missing.
        #expect(
            failures.filter { $0["stage"] as? String == "prod" }.compactMap { $0["reason"] as? String }
                == ["NoBranch"], "\(events)")
        #expect(requests.allSatisfy { $0["path"] as? String == "/ballast" })
        for request in requests {
            let raw = request["raw"] as? String ?? ""
            let signature = (request["headers"] as? [String: Any])?["x-ballast-signature-256"] as? String
            let expected = try GitDesiredStateTests.output(
                [
                    "python3", "-c",
                    "import hmac, hashlib, sys; print('sha256=' + hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())",
                    Self.secret, raw,
                ], in: folder, program: "/usr/bin/env"
            ).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(signature == expected, "\(request)")
            #expect(!raw.contains(Self.secret) && !raw.contains("SLACKSECRETPART"))
        }

        // Slack: only the events it asked for, at the URL from the file.
        let messages = recorded("slack")
        #expect(messages.allSatisfy { $0["path"] as? String == Self.slackSecretPath })
        let texts = messages.compactMap { ($0["body"] as? [String: Any])?["text"] as? String }
        #expect(texts.filter { $0.hasPrefix("Rollout started in dev: orders") }.count >= 1, "\(texts)")
        #expect(texts.filter { $0.hasPrefix("Rollout step") }.isEmpty, "\(texts)")
        #expect(texts.filter { $0.hasPrefix("Stage failed in dev") }.count == 1, "\(texts)")
        #expect(messages.allSatisfy { ($0["headers"] as? [String: Any])?["x-ballast-signature-256"] == nil })

        // The receiver that never answers got requests and was given up on, with no URL path
        // and no secret in the log.
        #expect(!recorded("hanging").isEmpty)
        #expect(
            controller.output.contains("notification webhook-3 to \(hanging.url)/…: timed out"),
            "\(controller.output.suffix(3000))")
        #expect(!controller.output.contains("SLACKSECRETPART") && !controller.output.contains(Self.secret))
        #expect(rolloutTook < 50, "\(rolloutTook)")
        print("notifications: the rollout took \(Int(rolloutTook)) s from the push to synced")
    }
}
