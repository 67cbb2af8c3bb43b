import BallastTestSupport
import Foundation
import Testing

/// Plan previews on pull requests, as `ballast run` keeps them: a real Git remote (a bare
/// repository holding `refs/pull/N/head` as GitHub does), the AWS emulator, the GitHub stand-in
/// serving the open pull requests from a file the test writes and keeping the comments, and
/// the controller as a child process with `github.pullRequests` on.
@Suite("plan previews on pull requests from ballast run", .serialized)
final class PullRequestPreviewRunTests {
    static let token = "ghp-preview-token-for-tests"

    let emulator: LoopbackPeer
    let github: LoopbackPeer
    let folder: URL
    let work: URL
    let remote: URL
    let requestsLog: URL
    let pullsFile: URL
    let tokenFile: URL

    init() throws {
        emulator = try LoopbackPeer.emulator()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-pulls-\(UUID().uuidString)")
        work = folder.appendingPathComponent("work")
        remote = folder.appendingPathComponent("remote.git")
        requestsLog = folder.appendingPathComponent("github.jsonl")
        pullsFile = folder.appendingPathComponent("pulls.json")
        tokenFile = folder.appendingPathComponent("github-token")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: LoopbackPeer.repositoryRoot.appendingPathComponent("desired"),
            to: work.appendingPathComponent("desired"))
        try "\(Self.token)\n".write(to: tokenFile, atomically: true, encoding: .utf8)
        try "[]".write(to: pullsFile, atomically: true, encoding: .utf8)
        // One pull request per page: the controller has to follow GitHub's Link header.
        github = try LoopbackPeer.githubRecorder(
            log: requestsLog.path, extra: ["--pulls", pullsFile.path, "--page-size", "1"])
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

    var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": emulator.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "HOME": folder.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "",
        ]
    }

    /// The controller with previews every second (through the GitHub stand-in at `api`, the
    /// suite's by default) and its configuration in a file.
    func controller(forks: Bool = false, api: String? = nil, budget: String = "60s") throws -> ControllerProcess {
        let config = folder.appendingPathComponent("config.yaml")
        try """
        git:
          remote: \(remote.path)
          cache: \(folder.appendingPathComponent("cache").path)
        loop: { interval: 2s, rolloutTick: 1s }
        http: { listen: "127.0.0.1:0" }
        github:
          apiURL: \(api ?? github.url)
          repository: acme/shop
          tokenFile: \(tokenFile.path)
          pullRequests: { enabled: true, forks: \(forks), interval: 1s, budget: \(budget) }

        """.write(to: config, atomically: true, encoding: .utf8)
        return try ControllerProcess(
            arguments: ["--config", config.path], environment: environment,
            log: folder.appendingPathComponent("controller-\(UUID()).log"))
    }

    /// A commit on `start` (dev, or the pull request's last head) with `edit` applied to the
    /// orders handler, pushed as the head of pull request `number` (`refs/pull/N/head`, where
    /// GitHub keeps it); no branch of the remote moves.
    func pushPullRequest(_ number: Int, from start: String = "dev", edit: (String) -> String, message: String) throws
        -> String
    {
        try git(["checkout", "-q", "--detach", start])
        let orders = work.appendingPathComponent("desired/functions/orders.yaml")
        try edit(try String(contentsOf: orders, encoding: .utf8)).write(to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", message])
        try git(["push", "-q", "-f", "origin", "HEAD:refs/pull/\(number)/head"])
        return try GitDesiredStateTests.head(of: work)
    }

    /// Makes dev's orders handler use `memory` MiB.
    static func memory(_ memory: Int) -> (String) -> String {
        { text in
            text.replacingOccurrences(
                of: #"memoryMiB: \d+, environment"#, with: "memoryMiB: \(memory), environment",
                options: .regularExpression)
        }
    }

    /// Writes what `GET /pulls` lists: (number, head, head repository, base).
    func openPullRequests(_ pulls: [(Int, String, String, String)]) throws {
        let list = pulls.map { number, head, repository, base in
            [
                "number": number, "state": "open",
                "head": ["ref": "topic-\(number)", "sha": head, "repo": ["full_name": repository]],
                "base": [
                    "ref": base, "sha": "0000000000000000000000000000000000000000", "repo": ["full_name": "acme/shop"],
                ],
            ] as [String: Any]
        }
        try JSONSerialization.data(withJSONObject: list).write(to: pullsFile, options: .atomic)
    }

    /// Every request the GitHub stand-in received.
    func requests() throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: requestsLog, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// The comment bodies sent with `method` to `path`.
    func bodies(_ method: String, _ path: String) throws -> [String] {
        try requests().filter { $0["method"] as? String == method && $0["path"] as? String == path }.compactMap {
            ($0["body"] as? [String: Any])?["body"] as? String
        }
    }

    /// `ballast_aws_requests_total` per operation, for the operations that change something.
    static func mutatingCalls(port: Int) throws -> [String: Double] {
        let text = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        var calls: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("ballast_aws_requests_total{") {
            guard let range = line.range(of: #"operation=""#) else { continue }
            let operation = String(line[range.upperBound...].prefix { $0 != "\"" })
            let reads = ["Describe", "Get", "List", "BatchGet"]
            guard !reads.contains(where: operation.hasPrefix) else { continue }
            calls[operation, default: 0] += line.split(separator: " ").last.flatMap { Double($0) } ?? 0
        }
        return calls
    }

    @Test(
        "a pull request onto dev gets one comment with dev's plan, edited in place on a push, left alone after a restart; AWS is left as it was"
    )
    func commentKeptUpToDate() throws {
        let controller = try controller()
        let port = try controller.port()
        let first = try GitDesiredStateTests.head(of: work, revision: "main")
        for stage in ["dev", "prod"] {
            try Eventually.wait(timeout: 120, "\(stage) synced; log:\n\(controller.output.suffix(4000))") {
                HTTPProbe.isSynced([stage: first], port: port)
            }
        }
        let before = try Self.mutatingCalls(port: port)

        let head = try pushPullRequest(7, edit: Self.memory(384), message: "orders: 384 MiB")
        try openPullRequests([(7, head, "acme/shop", "dev")])
        let comments = "/repos/acme/shop/issues/7/comments"
        try Eventually.wait(timeout: 60, "a comment on #7; log:\n\(controller.output.suffix(4000))") {
            try !bodies("POST", comments).isEmpty
        }
        let posted = try #require(try bodies("POST", comments).first)
        #expect(posted.hasPrefix("<!-- ballast:plan shop head=\(head) -->\n"), "\(posted)")
        #expect(posted.contains("Plan of `\(head.prefix(12))` against live AWS"), "\(posted)")
        #expect(posted.contains("### Stage dev (us\\-east\\-1)"), "\(posted)")
        #expect(posted.contains("  - Properties\\.MemorySize: 256 → 384"), "\(posted)")
        #expect(!posted.contains("### Stage prod"), "prod deploys main, not dev: \(posted)")

        // A push to the pull request: the same comment is edited, no second one is posted.
        let pushed = try pushPullRequest(7, from: head, edit: Self.memory(640), message: "orders: 640 MiB")
        try openPullRequests([(7, pushed, "acme/shop", "dev")])
        let edit = "/repos/acme/shop/issues/comments/1001"
        try Eventually.wait(timeout: 60, "the comment on #7 edited; log:\n\(controller.output.suffix(4000))") {
            try bodies("PATCH", edit).contains { $0.contains("head=\(pushed)") }
        }
        let edited = try #require(try bodies("PATCH", edit).last)
        #expect(edited.contains("  - Properties\\.MemorySize: 256 → 640"), "\(edited)")
        // An unchanged head is not commented again.
        Thread.sleep(forTimeInterval: 3)
        #expect(try bodies("POST", comments).count == 1)
        #expect(try bodies("PATCH", edit).count == 1)

        // Nothing was changed in AWS for the pull request, and dev still runs main's commit.
        #expect(try Self.mutatingCalls(port: port) == before)
        #expect(HTTPProbe.isSynced(["dev": first, "prod": first], port: port))
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        #expect(metrics.contains(#"ballast_pull_request_previews_total{result="created"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"ballast_pull_request_previews_total{result="updated"} 1"#), "\(metrics)")

        // The token went in the Authorization header only, never in a comment.
        let all = try requests()
        #expect(all.allSatisfy { $0["authorization"] as? String == "Bearer \(Self.token)" })
        #expect(!all.contains { ($0["raw"] as? String ?? "").contains(Self.token) })
        #expect(!controller.output.contains(Self.token))
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")

        // Restarted, the controller finds its comment by the marker: written for this head, it
        // is left as it is.
        let looked = try requests().filter {
            $0["method"] as? String == "GET" && $0["path"] as? String == comments + "?per_page=100"
        }.count
        let restarted = try self.controller()
        try Eventually.wait(timeout: 60, "a look after the restart; log:\n\(restarted.output.suffix(4000))") {
            try requests().filter {
                $0["method"] as? String == "GET" && $0["path"] as? String == comments + "?per_page=100"
            }.count > looked
        }
        Thread.sleep(forTimeInterval: 3)
        #expect(try bodies("POST", comments).count == 1)
        #expect(try bodies("PATCH", edit).count == 1)
        #expect(restarted.terminate() == 0, "\(restarted.output.suffix(2000))")
    }

    @Test("a fork's pull request is neither fetched nor commented; an invalid desired state gets its errors")
    func forksAndInvalidStates() throws {
        let controller = try controller()
        let port = try controller.port()
        let fork = try pushPullRequest(8, edit: Self.memory(384), message: "from a fork")
        let invalid = try pushPullRequest(
            9, edit: { $0.replacingOccurrences(of: "timeout: 10s", with: "timeout: forever") },
            message: "orders: no timeout")
        try openPullRequests([(8, fork, "mallory/shop", "dev"), (9, invalid, "acme/shop", "dev")])

        let comments = "/repos/acme/shop/issues/9/comments"
        try Eventually.wait(timeout: 90, "a comment on #9; log:\n\(controller.output.suffix(4000))") {
            try !bodies("POST", comments).isEmpty
        }
        let body = try #require(try bodies("POST", comments).first)
        #expect(body.hasPrefix("<!-- ballast:plan shop head=\(invalid) -->\n"), "\(body)")
        #expect(body.contains("does not validate"), "\(body)")
        #expect(body.contains("- desired\\/functions\\/orders\\.yaml\\:4\\:10\\: \\'timeout\\'"), "\(body)")

        // Several looks later: nothing asked of GitHub about #8, its head never fetched.
        Thread.sleep(forTimeInterval: 3)
        #expect(try !requests().contains { ($0["path"] as? String ?? "").contains("/issues/8/") })
        let references = try GitDesiredStateTests.output(
            ["--git-dir", folder.appendingPathComponent("cache/pull-requests").path, "for-each-ref"], in: folder)
        #expect(references.contains("refs/ballast/pull/9/head") && !references.contains("pull/8"), "\(references)")
        #expect(controller.output.contains("pull request #8 comes from another repository; not previewed"))
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        #expect(metrics.contains(#"ballast_pull_request_previews_total{result="fork"} 1"#), "\(metrics)")
        #expect(try !requests().contains { ($0["raw"] as? String ?? "").contains(Self.token) })
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
    }

    @Test("with forks: true, a fork's pull request is fetched and gets its plan like any other")
    func forksWhenConfigured() throws {
        let controller = try controller(forks: true)
        let port = try controller.port()
        let first = try GitDesiredStateTests.head(of: work, revision: "main")
        try Eventually.wait(timeout: 120, "dev synced; log:\n\(controller.output.suffix(4000))") {
            HTTPProbe.isSynced(["dev": first], port: port)
        }
        let fork = try pushPullRequest(8, edit: Self.memory(384), message: "from a fork")
        try openPullRequests([(8, fork, "mallory/shop", "dev")])

        let comments = "/repos/acme/shop/issues/8/comments"
        try Eventually.wait(timeout: 90, "a comment on #8; log:\n\(controller.output.suffix(4000))") {
            try !bodies("POST", comments).isEmpty
        }
        let body = try #require(try bodies("POST", comments).first)
        #expect(body.hasPrefix("<!-- ballast:plan shop head=\(fork) -->\n"), "\(body)")
        #expect(body.contains("### Stage dev (us\\-east\\-1)"), "\(body)")
        #expect(body.contains("  - Properties\\.MemorySize: 256 → 384"), "\(body)")
        let references = try GitDesiredStateTests.output(
            ["--git-dir", folder.appendingPathComponent("cache/pull-requests").path, "for-each-ref"], in: folder)
        #expect(references.contains("refs/ballast/pull/8/head"), "\(references)")
        #expect(!controller.output.contains("comes from another repository"))
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        #expect(!metrics.contains(#"ballast_pull_request_previews_total{result="fork"}"#), "\(metrics)")
        #expect(metrics.contains(#"ballast_pull_request_previews_total{result="created"} 1"#), "\(metrics)")
        #expect(try !requests().contains { ($0["raw"] as? String ?? "").contains(Self.token) })
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
    }

    @Test("a GitHub that does not answer cuts each look at its budget, counted, while the stages reconcile")
    func budget() throws {
        let hanging = try LoopbackPeer.githubRecorder(
            log: folder.appendingPathComponent("hanging.jsonl").path,
            extra: ["--pulls", pullsFile.path, "--hang-pulls", "600"])
        let head = try pushPullRequest(7, edit: Self.memory(384), message: "orders: 384 MiB")
        try openPullRequests([(7, head, "acme/shop", "dev")])
        let controller = try controller(api: hanging.url, budget: "2s")
        let port = try controller.port()
        let first = try GitDesiredStateTests.head(of: work, revision: "main")
        try Eventually.wait(timeout: 120, "both stages synced; log:\n\(controller.output.suffix(4000))") {
            HTTPProbe.isSynced(["dev": first, "prod": first], port: port)
        }
        try Eventually.wait(timeout: 30, "two looks cut; log:\n\(controller.output.suffix(4000))") {
            let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
            return PrometheusText.totals(metrics)["ballast_pull_request_previews_total", default: 0] >= 2
                && metrics.contains(#"ballast_pull_request_previews_total{result="overBudget"}"#)
        }
        #expect(controller.output.contains("the pull request previews ran past their budget of 2.0 seconds"))
        // The request in flight is abandoned at once on SIGTERM: no wait for the hanging peer.
        let stopping = Date()
        #expect(controller.terminate() == 0, "\(controller.output.suffix(2000))")
        #expect(Date().timeIntervalSince(stopping) < 15)
    }
}
