import BallastSynth
import BallastTestSupport
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
        // The remote is served over HTTP behind basic auth, the password written into its URL.
        let passwordFile = files.appendingPathComponent("server-password")
        try "\(Self.markers["url-password"]!)\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let requests = files.appendingPathComponent("git-requests.log")
        let gitServer = try LoopbackPeer.gitHTTPServer(
            root: files.path, passwordFile: passwordFile.path, log: requests.path)
        let port0 = gitServer.url.split(separator: ":").last.map(String.init) ?? ""
        let remoteURL = "http://ballast:\(Self.markers["url-password"]!)@127.0.0.1:\(port0)/remote.git"
        let cache = files.appendingPathComponent("cache")
        let config = files.appendingPathComponent("config.yaml")
        try """
        git:
          remote: \(remoteURL)
          cache: \(cache.path)
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
        let served = try String(contentsOf: requests, encoding: .utf8)
        #expect(served.contains("user=ballast 200"), "the controller fetched with the URL's password")
        #expect(served.contains("POST /remote.git/git-receive-pack user=ballast 200"), "and pushed its notes")
        for warning in [
            "remote.git is plain http://", "the webhook secret file", "the GitHub token file",
            "the GitHub API URL \(run.github.url) is plain http://",
        ] {
            let count = controller.output.components(separatedBy: warning).count - 1
            #expect(count == 1, "'\(warning)' is said once, not \(count) times")
        }
        #expect(controller.output.contains("http://ballast:***@127.0.0.1:\(port0)/remote.git"))

        // A mirror an earlier Ballast made for the URL as given (its folder named after the URL's
        // hash, the password in its config) is dropped by the next command.
        let legacy = URL(fileURLWithPath: environment["BALLAST_CACHE_DIR"] ?? "")
            .appendingPathComponent(Naming.shortHash(remoteURL).lowercased())
        try FileManager.default.createDirectory(at: legacy, withIntermediateDirectories: true)
        try "[remote \"origin\"]\n\turl = \(remoteURL)\n".write(
            to: legacy.appendingPathComponent("config"), atomically: true, encoding: .utf8)

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
            ["validate", "--repo", remoteURL, "--branch", "main"],
        ]
        var results: [BallastExecutable.Result] = []
        for (index, arguments) in commands.enumerated() {
            let result = try BallastExecutable.run(arguments, environment: environment)
            results.append(result)
            outputs["ballast \(arguments[0]) (command \(index + 1))"] = result.standardOutput + result.standardError
        }
        #expect(results[4].standardError.contains("127.0.0.1:9"), "the error names the remote")
        #expect(results[5].status == 0, "validate read the remote over HTTP: \(results[5].standardError)")
        #expect(!FileManager.default.fileExists(atPath: legacy.path), "the old mirror holding the password is gone")
        #expect(results[5].standardOutput.contains("http://ballast:***@127.0.0.1:\(port0)/remote.git@main"))
        // Neither the controller's mirror nor the commands' holds the password in any file.
        for folder in [cache.path, environment["BALLAST_CACHE_DIR"] ?? ""] {
            var isFolder: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
            let enumerator = FileManager.default.enumerator(atPath: folder)
            while let relative = enumerator?.nextObject() as? String {
                outputs["file \(folder)/\(relative)"] = String(
                    decoding: FileManager.default.contents(atPath: folder + "/" + relative) ?? Data(), as: UTF8.self)
            }
        }
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
