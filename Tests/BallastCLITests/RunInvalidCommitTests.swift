import BallastTestSupport
import Foundation
import Testing

/// An invalid commit on the branch whose desired/ballast.yaml names the stages (`git.branch`,
/// main here, also prod's branch): it is reported failed everywhere status goes, and dev,
/// whose own branch is valid, goes on.
extension RunCommandTests {
    /// Commits on main a desired state whose key at functions/orders.yaml:4:1 (`timeout`) is
    /// `key` and pushes it.
    func pushInvalidMain(key: String) throws {
        try git(["checkout", "-q", "main"])
        let orders = work.appendingPathComponent("desired/functions/orders.yaml")
        let text = try String(contentsOf: orders, encoding: .utf8)
        let broken = text.replacingOccurrences(
            of: #"\n[a-z]+: 10s\n"#, with: "\n\(key): 10s\n", options: .regularExpression)
        #expect(broken != text)
        try broken.write(to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "orders: \(key)"])
        try git(["push", "-q", "origin", "main"])
    }

    /// The value of `ballast_reconcile_failures_total` for `stage` (0 when absent).
    static func failures(of stage: String, in metrics: String) -> Double {
        let prefix = #"ballast_reconcile_failures_total{application="default",stage="\#(stage)"} "#
        let line = metrics.split(separator: "\n").first { $0.hasPrefix(prefix) }
        return line.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
    }

    /// Waits until prod is failed at `commit` with the error of `key` and checks the badge, the
    /// note on the commit, the commit status and the failures metric.
    func expectProdFailed(at commit: String, key: String, port: Int, controller: ControllerProcess) throws {
        try Eventually.wait(timeout: 60, "prod failed at \(commit.prefix(12)); log:\n\(controller.output.suffix(3000))")
        {
            let status = try HTTPProbe.stage("prod", port: port)
            return status["phase"] as? String == "failed" && status["revision"] as? String == commit
        }
        let status = try HTTPProbe.stage("prod", port: port)
        #expect(status["reason"] as? String == "InvalidDesiredState", "\(status)")
        let message = status["message"] as? String ?? ""
        #expect(message.contains("desired/functions/orders.yaml:4:1: unknown key '\(key)'"), "\(message)")
        let badge = try HTTPProbe.request("http://127.0.0.1:\(port)/badge/prod.svg")
        #expect(badge.body.contains("failed"), "\(badge.body)")
        try Eventually.wait(timeout: 30, "the note and the commit status of \(commit.prefix(12))") {
            let note =
                (try? GitDesiredStateTests.output(
                    ["--git-dir", remote.path, "notes", "--ref", "ballast", "show", commit], in: folder)) ?? ""
            let posted = try recordedStatuses().contains {
                let body = $0["body"] as? [String: Any] ?? [:]
                return $0["path"] as? String == "/repos/acme/shop/statuses/\(commit)"
                    && body["context"] as? String == "ballast/prod" && body["state"] as? String == "failure"
            }
            return note.contains("stage=prod phase=failed") && note.contains("orders.yaml:4:1") && posted
        }
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        #expect(Self.failures(of: "prod", in: metrics) >= 1, "\(metrics)")
    }

    @Test(
        "an invalid commit on the branch naming the stages fails that commit everywhere; a stage with a valid branch goes on, also after a restart"
    )
    func invalidStageListCommit() throws {
        let first = try head("main")
        let running = try controller()
        let port = try running.port()
        try waitSynced("dev", at: first, port: port, controller: running)
        try waitSynced("prod", at: first, port: port, controller: running)

        try pushInvalidMain(key: "timout")
        let invalid = try head("main")
        try expectProdFailed(at: invalid, key: "timout", port: port, controller: running)
        try pushMemoryChange(384)
        let second = try head("dev")
        try waitSynced("dev", at: second, port: port, controller: running, timeout: 60)
        #expect(Self.failures(of: "dev", in: try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body) == 0)
        #expect(running.terminate() == 0)

        // Started afresh (a new pod) on the invalid commit: the stages come from the last valid
        // commit of main, and dev is reconciled from its own branch.
        try pushInvalidMain(key: "tmeout")
        let newer = try head("main")
        try pushMemoryChange(448)
        let third = try head("dev")
        let restarted = try controller(cache: "cache-after-restart")
        let after = try restarted.port()
        try waitSynced("dev", at: third, port: after, controller: restarted)
        try expectProdFailed(at: newer, key: "tmeout", port: after, controller: restarted)
        #expect(restarted.terminate() == 0)
    }

    /// The `error` of `GET /status` and the `ballast_stage_list_invalid` gauge.
    func controllerProblem(port: Int) throws -> (error: String?, gauge: String?) {
        let body = try HTTPProbe.request("http://127.0.0.1:\(port)/status").body
        let document = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let metrics = try HTTPProbe.request("http://127.0.0.1:\(port)/metrics").body
        let name = #"ballast_stage_list_invalid{application="default"} "#
        let gauge = metrics.split(separator: "\n").first { $0.hasPrefix(name) }
        return (document?["error"] as? String, gauge.map { String($0.dropFirst(name.count)) })
    }

    @Test(
        "a branch with no commit that names the stages is shown in /status and /metrics, not only logged; fixed, the stages run"
    )
    func noValidStageList() throws {
        // main rewritten to a single invalid commit: no earlier commit names the stages.
        try git(["checkout", "-q", "--orphan", "broken"])
        let orders = work.appendingPathComponent("desired/functions/orders.yaml")
        let text = try String(contentsOf: orders, encoding: .utf8)
        try text.replacingOccurrences(of: #"\n[a-z]+: 10s\n"#, with: "\ntimout: 10s\n", options: .regularExpression)
            .write(to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "broken from the start"])
        try git(["push", "-q", "-f", "origin", "broken:main"])
        let running = try controller()
        let port = try running.port()
        try Eventually.wait(timeout: 60, "the problem in /status; log:\n\(running.output.suffix(3000))") {
            try controllerProblem(port: port).error != nil
        }
        let (error, gauge) = try controllerProblem(port: port)
        #expect(error?.contains("no earlier commit of main names them") == true, "\(error ?? "")")
        #expect(error?.contains("desired/functions/orders.yaml:4:1: unknown key 'timout'") == true, "\(error ?? "")")
        #expect(gauge == "1.0" || gauge == "1", "\(gauge ?? "absent")")

        try text.write(to: orders, atomically: true, encoding: .utf8)
        try git(["commit", "-q", "-am", "fixed <script>alert(1)</script>"])
        try git(["push", "-q", "-f", "origin", "broken:main"])
        let fixed = try head("broken")
        try waitSynced("prod", at: fixed, port: port, controller: running)
        // The status page shows the commit's message, escaped.
        let page = try HTTPProbe.request("http://127.0.0.1:\(port)/")
        #expect(page.status == 200)
        #expect(page.body.contains("<dd class=\"commit-message\">fixed &lt;script&gt;alert(1)&lt;/script&gt;</dd>"))
        #expect(!page.body.contains("<script"))
        let after = try controllerProblem(port: port)
        #expect(after.error == nil, "\(after.error ?? "")")
        #expect(after.gauge == "0.0" || after.gauge == "0", "\(after.gauge ?? "absent")")
        #expect(running.terminate() == 0)
    }
}
