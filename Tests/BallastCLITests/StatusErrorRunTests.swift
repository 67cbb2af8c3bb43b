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
}
