import BallastTestSupport
import Foundation
import Testing

/// `ballast run` as users run it: a real Git remote (a bare repository), the AWS emulator, a
/// loopback stand-in for the GitHub API, and the controller as a child process reached over
/// HTTP.
@Suite("ballast run against a Git remote and the emulator", .serialized)
final class RunCommandTests {
    let emulator: LoopbackPeer
    let github: LoopbackPeer
    let folder: URL
    let work: URL
    let remote: URL
    let statusesLog: URL
    let tokenFile: URL

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-run-\(UUID().uuidString)")
        work = folder.appendingPathComponent("work")
        remote = folder.appendingPathComponent("remote.git")
        statusesLog = folder.appendingPathComponent("statuses.jsonl")
        tokenFile = folder.appendingPathComponent("github-token")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"),
            to: work.appendingPathComponent("desired"))
        try "ghp-test-token\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        github = try LoopbackPeer.githubRecorder(log: statusesLog.path)
        try git(["init", "-q", "-b", "main"])
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "the example"])
        try git(["branch", "dev"])
        try GitDesiredStateTests.git(["init", "-q", "--bare", remote.path], in: folder)
        try git(["remote", "add", "origin", remote.path])
        try git(["push", "-q", "origin", "main", "dev"])
        try ReconcileCommandTests.pushImages(to: emulator.url)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func git(_ arguments: [String]) throws {
        try GitDesiredStateTests.git(arguments, in: work)
    }

    func head(_ branch: String) throws -> String {
        try GitDesiredStateTests.head(of: work, revision: branch)
    }

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path,
            "BALLAST_CACHE_DIR": folder.appendingPathComponent("cli").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ]
    }

    /// Starts the controller on the remote with a short poll interval, GitHub statuses on, its
    /// mirror in the folder `cache`.
    func controller(_ extra: [String] = [], interval: String = "2s", cache: String = "cache") throws
        -> ControllerProcess
    {
        try ControllerProcess(
            arguments: [
                "--remote", remote.path, "--cache", folder.appendingPathComponent(cache).path, "--interval", interval,
                "--rollout-tick", "1s", "--listen", "127.0.0.1:0", "--github-repository", "acme/shop",
                "--github-token-file", tokenFile.path, "--github-api-url", github.url,
            ] + extra, environment: environment, log: folder.appendingPathComponent("controller-\(UUID()).log"))
    }

    /// Waits until `stage` is synced at `commit`.
    func waitSynced(_ stage: String, at commit: String, port: Int, controller: ControllerProcess, timeout: Double = 90)
        throws
    {
        try Eventually.wait(
            timeout: timeout, "\(stage) synced at \(commit.prefix(12)); log:\n\(controller.output.suffix(4000))"
        ) {
            HTTPProbe.isSynced([stage: commit], port: port)
        }
    }

    /// The commit statuses the GitHub stand-in received.
    func recordedStatuses() throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: statusesLog, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Makes dev's orders handler use `memory` MiB, commits and pushes dev (`force`: over
    /// whatever the remote has).
    func pushMemoryChange(_ memory: Int, force: Bool = false) throws {
        try git(["checkout", "-q", "dev"])
        let orders = work.appendingPathComponent("desired/functions/orders.yaml")
        let text = try String(contentsOf: orders, encoding: .utf8)
        let changed = text.replacingOccurrences(
            of: #"memoryMiB: \d+, environment"#, with: "memoryMiB: \(memory), environment", options: .regularExpression)
        try changed.write(to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "orders: \(memory) MiB in dev"])
        try git(["push", "-q"] + (force ? ["--force"] : []) + ["origin", "dev"])
    }

    @Test(
        "both stages driven from the remote to synced and reported four ways; a new commit applied within a poll; SIGTERM exits 0"
    )
    func drivesBothStages() throws {
        let controller = try controller()
        let port = try controller.port()
        let first = try head("main")
        try waitSynced("dev", at: first, port: port, controller: controller)
        try waitSynced("prod", at: first, port: port, controller: controller)
        #expect(try HTTPProbe.request("http://127.0.0.1:\(port)/readyz").status == 200)

        // The note on the commit, pushed to the remote.
        let note = try GitDesiredStateTests.output(
            ["--git-dir", remote.path, "notes", "--ref", "ballast", "show", first], in: folder)
        #expect(note.contains("stage=dev phase=synced") && note.contains("stage=prod phase=synced"), "\(note)")

        // Commit statuses: pending with the plan before applying, then success, per stage.
        let statuses = try recordedStatuses()
        #expect(statuses.allSatisfy { $0["authorization"] as? String == "Bearer ghp-test-token" })
        #expect(statuses.allSatisfy { $0["path"] as? String == "/repos/acme/shop/statuses/\(first)" })
        for stage in ["dev", "prod"] {
            let states = statuses.compactMap { $0["body"] as? [String: Any] }.filter {
                $0["context"] as? String == "ballast/\(stage)"
            }.compactMap { $0["state"] as? String }
            #expect(states.first == "pending" && states.last == "success", "\(stage): \(states)")
        }

        // The badge is SVG, and /metrics is Prometheus text with the reconcile and AWS metrics.
        let badge = try HTTPProbe.request("http://127.0.0.1:\(port)/badge/prod.svg")
        #expect(badge.status == 200 && badge.body.contains("synced"))
        #expect(try XMLDocumentCheck.isWellFormed(badge.body), "\(badge.body)")
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        #expect(PrometheusText.isValid(metrics), "\(metrics)")
        #expect(metrics.contains(#"ballast_reconcile_duration_seconds_count{application="default",stage="prod"}"#))
        #expect(
            metrics.contains(
                #"ballast_aws_requests_total{application="default",service="CloudFormation",operation="ExecuteChangeSet"}"#
            ))
        #expect(metrics.contains("ballast_git_fetch_duration_seconds_count"))

        // Polls of an unchanged remote fetch, and ask nothing of AWS (until the drift check).
        let before = PrometheusText.totals(try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body)
        Thread.sleep(forTimeInterval: 5)
        let after = PrometheusText.totals(try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body)
        #expect(
            after["ballast_git_fetch_duration_seconds_count", default: 0] >= before[
                "ballast_git_fetch_duration_seconds_count", default: 0] + 2)
        #expect(after["ballast_aws_requests_total"] == before["ballast_aws_requests_total"], "\(before) → \(after)")

        // A new commit on dev is applied within one poll (2 s) and its reconcile.
        try pushMemoryChange(384)
        let second = try head("dev")
        try waitSynced("dev", at: second, port: port, controller: controller, timeout: 30)
        #expect(try HTTPProbe.stage("prod", port: port)["revision"] as? String == first)

        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
        #expect(controller.output.contains("the reconcile loop stopped"))
    }

    @Test("a signed push webhook is applied at once; an unsigned or wrongly signed one is refused with 401")
    func webhook() throws {
        let secret = folder.appendingPathComponent("webhook-secret")
        try "s3cr3t-for-tests\n".write(to: secret, atomically: true, encoding: .utf8)
        // An hour between polls: only the webhook can make the controller look again.
        let controller = try controller(["--webhook-secret-file", secret.path], interval: "1h")
        let port = try controller.port()
        let first = try head("main")
        try waitSynced("dev", at: first, port: port, controller: controller)

        try pushMemoryChange(512)
        let second = try head("dev")
        let body = #"{"ref":"refs/heads/dev","after":"\#(second)"}"#
        let unsigned = try HTTPProbe.request(
            "http://127.0.0.1:\(port)/hooks/git", method: "POST",
            headers: ["X-GitHub-Event: push", "X-GitHub-Delivery: one", "Content-Type: application/json"], body: body)
        #expect(unsigned.status == 401)
        let signature = try GitDesiredStateTests.output(
            [
                "python3", "-c",
                "import hmac, hashlib, sys; print('sha256=' + hmac.new(b's3cr3t-for-tests', sys.argv[1].encode(), hashlib.sha256).hexdigest())",
                body,
            ], in: folder, program: "/usr/bin/env"
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let wrong = try HTTPProbe.request(
            "http://127.0.0.1:\(port)/hooks/git", method: "POST",
            headers: [
                "X-GitHub-Event: push", "X-GitHub-Delivery: two", "Content-Type: application/json",
                "X-Hub-Signature-256: sha256=" + String(repeating: "0", count: 64),
            ], body: body)
        #expect(wrong.status == 401)
        let signed = try HTTPProbe.request(
            "http://127.0.0.1:\(port)/hooks/git", method: "POST",
            headers: [
                "X-GitHub-Event: push", "X-GitHub-Delivery: three", "Content-Type: application/json",
                "X-Hub-Signature-256: \(signature)",
            ], body: body)
        #expect((200..<300).contains(signed.status), "\(signed.status) \(signed.body)")
        try waitSynced("dev", at: second, port: port, controller: controller, timeout: 30)
        #expect(controller.terminate() == 0)
    }

    @Test(
        "a stage with approval: manual shows its plan and waits; ballast approve of exactly that plan lets the commit through"
    )
    func manualApproval() throws {
        let project = work.appendingPathComponent("desired/ballast.yaml")
        try (try String(contentsOf: project, encoding: .utf8)).replacingOccurrences(
            of: "    branch: main\n", with: "    branch: main\n    approval: manual\n"
        ).write(to: project, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "prod needs approval"])
        try git(["push", "-q", "origin", "main"])
        let commit = try head("main")
        let controller = try controller()
        let port = try controller.port()
        try Eventually.wait(timeout: 90, "prod awaiting approval; log:\n\(controller.output.suffix(3000))") {
            try HTTPProbe.stage("prod", port: port)["phase"] as? String == "awaitingApproval"
        }
        let waiting = try HTTPProbe.stage("prod", port: port)
        #expect((waiting["planSummary"] as? String)?.hasPrefix("Plan: 61 to add") == true, "\(waiting)")
        #expect(waiting["revision"] as? String == commit)
        // The whole plan waits with it, on /status and on the status page.
        let planText = waiting["planText"] as? String ?? ""
        #expect(
            planText.hasPrefix("Stage prod (eu-central-1)") && planText.contains("shop-prod-database"), "\(planText)")
        let page = try HTTPProbe.request("http://127.0.0.1:\(port)/").body
        #expect(page.contains("<pre class=\"plan-text\">Stage prod (eu-central-1)"))
        // Nothing of prod exists yet.
        let world = try PythonScript.output(
            "Tests/Support/describe_world.py", [emulator.url, "eu-central-1", "shop-prod-"])
        #expect(world.contains(#""stacks": {}"#), "\(world)")

        let digest = try #require(waiting["planDigest"] as? String)
        #expect((waiting["message"] as? String)?.hasSuffix("--commit \(commit) --plan \(digest)") == true)
        let approve = { (plan: String, by: String) in
            try BallastExecutable.run(
                [
                    "approve", "--repo", self.remote.path, "--stage", "prod", "--commit", commit, "--by", by, "--plan",
                    plan,
                ],
                environment: self.environment)
        }
        // An approval is bound to a plan: --plan is required, and one of another plan approves nothing.
        let unbound = try BallastExecutable.run(
            ["approve", "--repo", remote.path, "--stage", "prod", "--commit", commit, "--by", "eve"],
            environment: environment)
        #expect(unbound.status != 0 && unbound.standardError.contains("--plan"), "\(unbound.standardError)")
        let malformed = try approve("ABC", "eve")
        #expect(malformed.status == 1 && malformed.standardError.contains("--plan must be the 16 hex digits"))
        let stale = try approve("0123456789abcdef", "bob@example.com")
        #expect(stale.status == 0, "\(stale.standardError)")
        try Eventually.wait(timeout: 60, "prod says the approved plan is not this one") {
            let status = try HTTPProbe.stage("prod", port: port)
            return (status["message"] as? String)?.contains(
                "the plan changed since bob@example.com approved plan 0123456789abcdef") == true
        }
        #expect(try HTTPProbe.stage("prod", port: port)["phase"] as? String == "awaitingApproval")
        #expect(try HTTPProbe.stage("prod", port: port)["planDigest"] as? String == digest, "the world did not change")

        let approved = try approve(digest, "alice@example.com")
        #expect(approved.status == 0, "\(approved.standardError)")
        try waitSynced("prod", at: commit, port: port, controller: controller)
        let approvals = try GitDesiredStateTests.output(
            ["--git-dir", remote.path, "notes", "--ref", "ballast-approvals", "show", commit], in: folder)
        #expect(approvals.contains("approved stage=prod by=alice@example.com plan=\(digest)"))
        #expect(controller.terminate() == 0)
    }

    @Test("a force push to a stage's branch is not applied, and the status says why")
    func forcePushRefused() throws {
        let controller = try controller()
        let port = try controller.port()
        let first = try head("main")
        try waitSynced("dev", at: first, port: port, controller: controller)
        try pushMemoryChange(384)
        let second = try head("dev")
        try waitSynced("dev", at: second, port: port, controller: controller, timeout: 30)
        // Rewrite dev: a commit beside the applied one, not after it.
        try git(["reset", "-q", "--hard", first])
        try pushMemoryChange(768, force: true)
        let rewritten = try head("dev")
        try Eventually.wait(timeout: 30, "dev refused; log:\n\(controller.output.suffix(3000))") {
            let status = try HTTPProbe.stage("dev", port: port)
            return status["reason"] as? String == "Rewound" && status["revision"] as? String == rewritten
        }
        #expect((try HTTPProbe.stage("dev", port: port)["message"] as? String)?.contains("force push") == true)
        let diff = try BallastExecutable.run(
            ["diff", "--stage", "dev", "--detailed-exitcode", "--repo", remote.path, "--branch", "dev"],
            environment: environment)
        #expect(diff.status == 2, "the rewritten commit must not have been applied: \(diff.standardOutput)")
        #expect(controller.terminate() == 0)
    }

    @Test(
        "a force push made while the controller was down is refused after a restart with an empty cache: the last applied commit is read from the status notes"
    )
    func forcePushWhileDownRefused() throws {
        let before = try controller()
        let first = try head("main")
        try waitSynced("dev", at: first, port: try before.port(), controller: before)
        try pushMemoryChange(384)
        let second = try head("dev")
        try waitSynced("dev", at: second, port: try before.port(), controller: before, timeout: 30)
        #expect(before.terminate() == 0)

        // While it is down: dev rewritten beside the applied commit. The restarted controller
        // has a new cache folder (a new pod), so only the remote remembers what was applied.
        try git(["reset", "-q", "--hard", first])
        try pushMemoryChange(768, force: true)
        let rewritten = try head("dev")
        let after = try controller(cache: "cache-after-restart")
        let port = try after.port()
        try Eventually.wait(timeout: 30, "dev refused after the restart; log:\n\(after.output.suffix(3000))") {
            let status = try HTTPProbe.stage("dev", port: port)
            return status["reason"] as? String == "Rewound" && status["revision"] as? String == rewritten
        }
        let message = try HTTPProbe.stage("dev", port: port)["message"] as? String ?? ""
        #expect(message.contains("last applied commit \(second.prefix(12))"), "\(message)")
        // prod's branch did not move: it is reconciled as before, from its own applied commit.
        try waitSynced("prod", at: first, port: port, controller: after)
        let diff = try BallastExecutable.run(
            ["diff", "--stage", "dev", "--detailed-exitcode", "--repo", remote.path, "--branch", "dev"],
            environment: environment)
        #expect(diff.status == 2, "the rewritten commit must not have been applied: \(diff.standardOutput)")
        #expect(after.terminate() == 0)
    }

    @Test("with an allowed-signers file: an unsigned commit is refused, a signed one applied")
    func signedCommits() throws {
        let key = folder.appendingPathComponent("signing-key")
        _ = try GitDesiredStateTests.output(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key.path], in: folder,
            program: "/usr/bin/env")
        let publicKey = try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8)
        let signers = folder.appendingPathComponent("allowed_signers")
        try "test@example.com \(publicKey.split(separator: " ").prefix(2).joined(separator: " "))\n".write(
            to: signers, atomically: true, encoding: .utf8)
        let controller = try controller(["--allowed-signers-file", signers.path])
        let port = try controller.port()
        let unsigned = try head("dev")
        try Eventually.wait(timeout: 60, "dev refused as unsigned; log:\n\(controller.output.suffix(3000))") {
            let status = try HTTPProbe.stage("dev", port: port)
            return status["reason"] as? String == "Untrusted" && status["revision"] as? String == unsigned
        }
        #expect((try HTTPProbe.stage("dev", port: port)["message"] as? String)?.contains("not signed") == true)
        let world = try PythonScript.output(
            "Tests/Support/describe_world.py", [emulator.url, "us-east-1", "shop-dev-"])
        #expect(world.contains(#""stacks": {}"#), "nothing of an unsigned commit is applied: \(world)")

        try git(["checkout", "-q", "dev"])
        try "signed\n".write(to: work.appendingPathComponent("SIGNED"), atomically: true, encoding: .utf8)
        try git(["add", "SIGNED"])
        try git(["-c", "gpg.format=ssh", "-c", "user.signingkey=\(key.path)", "commit", "-q", "-S", "-m", "signed"])
        try git(["push", "-q", "origin", "dev"])
        let signed = try head("dev")
        try waitSynced("dev", at: signed, port: port, controller: controller)
        #expect(controller.terminate() == 0)
    }
}

/// Well-formedness of an XML document, checked with Python's parser.
enum XMLDocumentCheck {
    static func isWellFormed(_ text: String) throws -> Bool {
        let result = try GitDesiredStateTests.output(
            [
                "python3", "-c",
                "import sys, xml.dom.minidom; xml.dom.minidom.parseString(sys.argv[1]); print('ok')", text,
            ], in: FileManager.default.temporaryDirectory, program: "/usr/bin/env", allowFailure: true)
        return result.trimmingCharacters(in: .whitespacesAndNewlines) == "ok"
    }
}

/// The Prometheus text exposition format, line by line.
enum PrometheusText {
    /// Per metric name, the sum of its samples (over all label sets).
    static func totals(_ text: String) -> [String: Double] {
        var totals: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { totals[name, default: 0] += value }
        }
        return totals
    }

    static func isValid(_ text: String) -> Bool {
        let sample =
            #/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?$/#
        let comment = #/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*$/#
        let lines = text.split(separator: "\n")
        return !lines.isEmpty
            && lines.allSatisfy { line in
                (try? sample.wholeMatch(in: String(line))) != nil || (try? comment.wholeMatch(in: String(line))) != nil
            }
    }
}
