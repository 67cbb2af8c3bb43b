import Foundation
import Testing

/// Secrets never leave: the whole flow runs at trace log level with marker secrets (AWS
/// credentials and session token, the Git token, the webhook secret, the GitHub token, a
/// password in a remote URL), and every output is searched for them.
@Suite("secrets never leak", .serialized)
final class SecretsLeakTests {
    static let markers = [
        "aws-secret": "MARKERawsSecretKey7f3a9c",
        "aws-session": "MARKERawsSessionToken51d2",
        "git-token": "MARKERgitToken0c4e8b",
        "webhook": "MARKERwebhookSecret93ab1",
        "github": "MARKERgithubToken6e2f0d",
        "url-password": "MARKERurlPassword2b7c",
    ]

    @Test("at trace level, no marker secret appears in logs, /status, /metrics, badges, Git notes, errors or templates")
    func noMarkerAnywhere() throws {
        let run = try RunCommandTests()
        let files = run.folder
        let secretFiles = ["git-token", "webhook", "github"].map { name in
            (name, files.appendingPathComponent("secret-\(name)"))
        }
        for (name, url) in secretFiles {
            try "\(Self.markers[name]!)\n".write(to: url, atomically: true, encoding: .utf8)
        }
        let config = files.appendingPathComponent("config.yaml")
        try """
        git:
          remote: \(run.remote.path)
          cache: \(files.appendingPathComponent("cache").path)
          tokenFile: \(secretFiles[0].1.path)
        loop: { interval: 2s, rolloutTick: 1s }
        http:
          listen: 127.0.0.1:0
          webhookSecretFile: \(secretFiles[1].1.path)
        github:
          apiURL: \(run.github.url)
          repository: acme/shop
          tokenFile: \(secretFiles[2].1.path)
        """.write(to: config, atomically: true, encoding: .utf8)
        var environment = run.environment
        environment["AWS_SECRET_ACCESS_KEY"] = Self.markers["aws-secret"]
        environment["AWS_SESSION_TOKEN"] = Self.markers["aws-session"]
        let controller = try ControllerProcess(
            arguments: ["--config", config.path, "--log-level", "trace"], environment: environment,
            log: files.appendingPathComponent("controller.log"))
        let port = try controller.port()
        let commit = try run.head("main")
        try run.waitSynced("dev", at: commit, port: port, controller: controller)
        try run.waitSynced("prod", at: commit, port: port, controller: controller)

        var outputs: [String: String] = ["controller log": controller.output]
        for path in ["/status", "/metrics", "/badge/dev.svg", "/readyz", "/healthz"] {
            outputs[path] = try HTTPProbe.request("http://127.0.0.1:\(port)\(path)").body
        }
        // A webhook with a wrong signature, and its answer.
        outputs["webhook answer"] =
            try HTTPProbe.request(
                "http://127.0.0.1:\(port)/hooks/git", method: "POST",
                headers: [
                    "X-GitHub-Event: push", "X-GitHub-Delivery: leak", "X-Hub-Signature-256: sha256=00",
                    "Content-Type: application/json",
                ], body: #"{"ref":"refs/heads/dev"}"#
            ).body
        for ref in ["ballast", "ballast-approvals"] {
            outputs["notes \(ref)"] = try GitDesiredStateTests.output(
                ["--git-dir", run.remote.path, "log", "-p", "refs/notes/\(ref)"], in: files, allowFailure: true)
        }
        #expect(controller.terminate() == 0)
        outputs["controller log"] = controller.output

        // The commands, their errors included.
        let desired = run.work.appendingPathComponent("desired").path
        let out = files.appendingPathComponent("synth").path
        let commands: [[String]] = [
            ["synth", "--desired", desired, "--out", out], ["diff", "--desired", desired],
            ["status", "--desired", desired], ["reconcile", "--dry-run", "--desired", desired],
            [
                "validate", "--repo", "https://ballast:\(Self.markers["url-password"]!)@127.0.0.1:9/shop.git",
                "--branch", "main",
            ],
        ]
        for arguments in commands {
            let result = try BallastExecutable.run(arguments, environment: environment)
            outputs["ballast \(arguments[0])"] = result.standardOutput + result.standardError
        }
        #expect(outputs["ballast validate"]?.contains("127.0.0.1") == true, "the error names the remote")
        if let enumerator = FileManager.default.enumerator(atPath: out) {
            for case let path as String in enumerator where path.hasSuffix(".json") {
                outputs["template \(path)"] = try String(
                    contentsOf: URL(fileURLWithPath: out).appendingPathComponent(path), encoding: .utf8)
            }
        }
        #expect(outputs.keys.contains { $0.hasPrefix("template ") })

        for (name, marker) in Self.markers {
            for (place, text) in outputs where text.contains(marker) {
                Issue.record("the \(name) secret appears in \(place)")
            }
        }
        // The GitHub token did its job: the stand-in received it, as a header, and only there.
        let statuses = try String(contentsOf: run.statusesLog, encoding: .utf8)
        #expect(statuses.contains("Bearer \(Self.markers["github"]!)"))
    }
}
