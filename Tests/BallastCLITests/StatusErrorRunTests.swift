import BallastTestSupport
import Foundation
import Testing

/// `ballast run` against the emulator and a real Git remote, where a stage fails: what `/status`
/// and the status page say of the failure.
@Suite("ballast run reports why a stage failed", .serialized)
final class StatusErrorRunTests {
    let emulator: LoopbackPeer
    let folder: URL
    let work: URL
    let remote: URL

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-failed-\(UUID().uuidString)")
        work = folder.appendingPathComponent("work")
        remote = folder.appendingPathComponent("remote.git")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"),
            to: work.appendingPathComponent("desired"))
        // Only dev's branch exists.
        let project = work.appendingPathComponent("desired/ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8))
            .replacingOccurrences(of: "    branch: main\n", with: "    branch: release\n")
            .write(to: project, atomically: true, encoding: .utf8)
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "the example"])
        try git(["branch", "dev"])
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        try git(["remote", "add", "origin", remote.path])
        try git(["push", "-q", "origin", "main", "dev"])
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func git(_ arguments: [String]) throws {
        try GitDesiredStateTests.git(arguments, in: work)
    }

    func configFile(_ extra: String = "") throws -> URL {
        let config = folder.appendingPathComponent("config.yaml")
        try """
        git:
          remote: \(remote.path)
          branch: main
          cache: \(folder.appendingPathComponent("cache").path)
        loop: { interval: 2s, rolloutTick: 1s, maximumBackoff: 4s }
        http: { listen: 127.0.0.1:0 }
        \(extra)
        """.write(to: config, atomically: true, encoding: .utf8)
        return config
    }

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ]
    }

    @Test(
        "an image ECR does not have: /status names the failed call (ECR DescribeImages) and its code, as the page does"
    )
    func failedAWSCall() throws {
        // No image was pushed: reading dev's image tags fails in ECR.
        let controller = try ControllerProcess(
            arguments: ["--config", try configFile().path], environment: environment,
            log: folder.appendingPathComponent("controller.log"))
        let port = try controller.port()
        var error: [String: Any] = [:]
        try Eventually.wait(timeout: 90, "dev failed with an AWS error; log:\n\(controller.output.suffix(3000))") {
            let status = try HTTPProbe.stage("dev", port: port)
            error = status["lastError"] as? [String: Any] ?? [:]
            return status["phase"] as? String == "failed" && error["operation"] != nil
        }
        #expect(error["service"] as? String == "ECR", "\(error)")
        #expect(error["operation"] as? String == "DescribeImages", "\(error)")
        let code = try #require(error["code"] as? String, "\(error)")
        #expect(code.hasSuffix("NotFoundException"), "\(error)")
        let message = try #require(error["message"] as? String)
        #expect(message.contains("ECR DescribeImages failed: \(code)"), "\(message)")
        #expect(!message.contains("testing"), "no credential in the message")

        let page = try HTTPProbe.request("http://127.0.0.1:\(port)/")
        #expect(page.status == 200)
        #expect(page.body.contains("<dd class=\"operation\">ECR DescribeImages</dd>"), "\(page.body)")
        #expect(page.body.contains("<dd class=\"code\">\(code)</dd>"), "\(page.body)")
        #expect(controller.terminate() == 0, "\(controller.output.suffix(3000))")
    }

    func recorded(_ log: URL) -> [[String: Any]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test(
        "a missing branch and a failed fetch each send stage failed once, with no credential; the next fetch reports the stage again"
    )
    func unfetchedStagesNotify() throws {
        try ReconcileCommandTests.pushImages(to: emulator.url, stages: ["dev"])
        // The remote over HTTP behind basic auth, the password written into its URL.
        let password = "url-pw-5ecr3t"
        let passwordFile = folder.appendingPathComponent("server-password")
        try "\(password)\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let gitServer = try LoopbackPeer.gitHTTPServer(
            root: folder.path, passwordFile: passwordFile.path, log: folder.appendingPathComponent("git.log").path)
        let hostPort = gitServer.url.replacingOccurrences(of: "http://", with: "")
        let webhookLog = folder.appendingPathComponent("webhook.jsonl")
        let webhook = try LoopbackPeer.githubRecorder(log: webhookLog.path)
        let config = try configFile(
            """
            notifications:
              - type: webhook
                url: \(webhook.url)/ballast
            """
        )
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "remote: \(remote.path)", with: "remote: http://ballast:\(password)@\(hostPort)/remote.git")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let controller = try ControllerProcess(
            arguments: ["--config", config.path], environment: environment,
            log: folder.appendingPathComponent("controller.log"))
        let port = try controller.port()
        let commit = try GitDesiredStateTests.head(of: work, revision: "dev")
        func failed(_ stage: String, _ reason: String) -> [[String: Any]] {
            recorded(webhookLog).compactMap { $0["body"] as? [String: Any] }.filter {
                $0["event"] as? String == "stageFailed" && $0["stage"] as? String == stage
                    && $0["reason"] as? String == reason
            }
        }
        try Eventually.wait(timeout: 120, "dev synced; log:\n\(controller.output.suffix(3000))") {
            HTTPProbe.isSynced(["dev": commit], port: port)
        }
        // prod's branch does not exist: told once, however many polls see it.
        try Eventually.wait(timeout: 30, "prod NoBranch notified; log:\n\(controller.output.suffix(3000))") {
            !failed("prod", "NoBranch").isEmpty
        }

        // The remote goes away: every stage fails with the fetch, and is told so once.
        let away = folder.appendingPathComponent("remote-away.git")
        try FileManager.default.moveItem(at: remote, to: away)
        try Eventually.wait(timeout: 30, "dev FetchFailed notified; log:\n\(controller.output.suffix(3000))") {
            !failed("dev", "FetchFailed").isEmpty
        }
        let status = try HTTPProbe.stage("dev", port: port)
        #expect(status["phase"] as? String == "failed" && status["reason"] as? String == "FetchFailed", "\(status)")
        let lastError = status["lastError"] as? [String: Any] ?? [:]
        #expect((lastError["message"] as? String)?.isEmpty == false, "\(status)")
        #expect(lastError["operation"] == nil, "a Git error has no AWS call: \(lastError)")
        Thread.sleep(forTimeInterval: 5)

        // Back: dev is looked at again and synced, though its commit did not move.
        try FileManager.default.moveItem(at: away, to: remote)
        try Eventually.wait(timeout: 60, "dev synced again; log:\n\(controller.output.suffix(3000))") {
            HTTPProbe.isSynced(["dev": commit], port: port)
        }
        #expect(controller.terminate() == 0, "\(controller.output.suffix(3000))")

        #expect(failed("dev", "FetchFailed").count == 1, "\(failed("dev", "FetchFailed"))")
        #expect(failed("prod", "FetchFailed").count == 1, "\(failed("prod", "FetchFailed"))")
        let noBranch = failed("prod", "NoBranch")
        #expect((1...2).contains(noBranch.count), "once before the outage, once after: \(noBranch)")
        #expect(
            (noBranch.first?["message"] as? String) == "branch 'release' of stage prod does not exist on the remote")
        let message = try #require(failed("dev", "FetchFailed").first?["message"] as? String)
        #expect(message.contains("***@\(hostPort)"), "the remote named, its password masked: \(message)")
        for request in recorded(webhookLog) {
            #expect(!(request["raw"] as? String ?? "").contains(password), "\(request)")
        }
        #expect(!controller.output.contains(password))
    }
}
