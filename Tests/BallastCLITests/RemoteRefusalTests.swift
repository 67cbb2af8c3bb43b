import BallastTestSupport
import Foundation
import Testing

/// A remote that can never work is refused when `ballast run` (or a command given `--repo`)
/// starts: one line naming the remote, redacted, and why; exit 1; AWS never called, no mirror
/// made. A remote that is only unreachable now is kept and retried.
@Suite("remotes that can never work are refused at start", .serialized)
final class RemoteRefusalTests {
    let folder: URL
    let aws: LoopbackPeer
    let awsLog: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-refusal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        awsLog = folder.appendingPathComponent("aws.jsonl")
        // Stands in for AWS: any request it records is one that should not have been sent.
        aws = try LoopbackPeer.githubRecorder(log: awsLog.path)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": aws.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
            "BALLAST_CACHE_DIR": folder.appendingPathComponent("cli").path,
        ]
    }

    static let neverWorking: [(remote: String, shown: String, why: String)] = [
        (
            "ssh://git:MARKERsshPassword@127.0.0.1:1/shop.git", "ssh://git:***@127.0.0.1:1/shop.git",
            "no SSH private key is configured"
        ),
        ("git@127.0.0.1:acme/shop.git", "git@127.0.0.1:acme/shop.git", "no SSH private key is configured"),
        ("file:///nonexistent/ballast/shop.git", "file:///nonexistent/ballast/shop.git", "does not exist"),
        ("/nonexistent/ballast/shop.git", "/nonexistent/ballast/shop.git", "does not exist"),
    ]

    @Test(
        "ballast run exits 1 at once with one line naming the remote and why; nothing fetched, AWS not called",
        arguments: neverWorking)
    func runRefuses(remote: String, shown: String, why: String) throws {
        let cache = folder.appendingPathComponent("cache")
        let controller = try ControllerProcess(
            arguments: ["--remote", remote, "--cache", cache.path, "--listen", "127.0.0.1:0", "--interval", "1s"],
            environment: environment, log: folder.appendingPathComponent("run-\(UUID()).log"))
        let status = controller.waitForExit(timeout: 30)
        #expect(status == 1, "ballast run kept going (retrying forever?); log:\n\(controller.output)")
        let lines = controller.output.split(separator: "\n")
        #expect(lines.count == 1, "one line, found:\n\(controller.output)")
        #expect(lines.first?.contains(shown) == true, "names the remote: \(controller.output)")
        #expect(lines.first?.contains(why) == true, "says why: \(controller.output)")
        #expect(!controller.output.contains("MARKER"))
        #expect(!FileManager.default.fileExists(atPath: cache.path), "no mirror is made")
        #expect(!FileManager.default.fileExists(atPath: awsLog.path), "AWS was called")
    }

    @Test(
        "validate --repo and approve refuse the same remotes, one line, exit 1, no mirror made",
        arguments: neverWorking)
    func commandsRefuse(remote: String, shown: String, why: String) throws {
        let commands = [
            ["validate", "--repo", remote, "--branch", "main"],
            [
                "approve", "--repo", remote, "--stage", "prod", "--commit", String(repeating: "a", count: 40), "--by",
                "test", "--plan", "0123456789abcdef",
            ],
        ]
        for arguments in commands {
            let result = try BallastExecutable.run(arguments, environment: environment)
            #expect(result.status == 1)
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments[0]): one line, found:\n\(result.standardError)")
            #expect(lines.first?.contains(shown) == true && lines.first?.contains(why) == true, "\(lines)")
            #expect(!result.standardError.contains("MARKER"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cli").path), "no mirror is made")
    }

    @Test("a Git password in the environment without the user to send it as is refused, not ignored")
    func passwordWithoutUser() throws {
        let password = folder.appendingPathComponent("password")
        try "MARKERpassword\n".write(to: password, atomically: true, encoding: .utf8)
        let result = try BallastExecutable.run(
            ["validate", "--repo", "https://127.0.0.1:9/shop.git", "--branch", "main"],
            environment: environment.merging(["BALLAST_GIT_PASSWORD_FILE": password.path]) { $1 })
        #expect(result.status == 1)
        #expect(result.standardError.contains("BALLAST_GIT_PASSWORD_FILE is set but BALLAST_GIT_USER is not"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("cli").path))
    }

    @Test(
        "a GitHub token file that is missing, a folder or empty is refused at start, naming it; AWS not called",
        arguments: ["missing", "folder", "empty"])
    func githubTokenFileRefused(kind: String) throws {
        let token = folder.appendingPathComponent("github-token-\(kind)")
        let why: String
        switch kind {
        case "folder":
            try FileManager.default.createDirectory(at: token, withIntermediateDirectories: true)
            why = "is a folder, not a file"
        case "empty":
            try " \n".write(to: token, atomically: true, encoding: .utf8)
            why = "is empty"
        default:
            why = "does not exist"
        }
        let cache = folder.appendingPathComponent("cache")
        let controller = try ControllerProcess(
            arguments: [
                "--remote", folder.path, "--cache", cache.path, "--listen", "127.0.0.1:0", "--interval", "1s",
                "--github-repository", "acme/shop", "--github-token-file", token.path, "--github-api-url", aws.url,
            ],
            environment: environment, log: folder.appendingPathComponent("run-token-\(kind).log"))
        #expect(controller.waitForExit(timeout: 30) == 1, "log:\n\(controller.output)")
        let lines = controller.output.split(separator: "\n")
        #expect(lines.count == 1, "one line, found:\n\(controller.output)")
        #expect(lines.first?.contains("the GitHub token file \(token.path) \(why)") == true, "\(controller.output)")
        #expect(!FileManager.default.fileExists(atPath: cache.path), "no mirror is made")
        #expect(!FileManager.default.fileExists(atPath: awsLog.path), "AWS or GitHub was called")
    }

    @Test("a remote that is only unreachable now is retried, not refused")
    func unreachableIsRetried() throws {
        let controller = try ControllerProcess(
            arguments: [
                "--remote", "https://127.0.0.1:9/shop.git", "--cache", folder.appendingPathComponent("cache").path,
                "--listen", "127.0.0.1:0", "--interval", "1s",
            ],
            environment: environment, log: folder.appendingPathComponent("run-unreachable.log"))
        _ = try controller.port()
        try Eventually.wait(timeout: 30, "two failed fetches; log:\n\(controller.output)") {
            controller.output.components(separatedBy: "cannot reach https://127.0.0.1:9/shop.git").count > 2
        }
        #expect(controller.waitForExit(timeout: 1) == nil, "still running")
        #expect(controller.terminate() == 0)
    }
}
