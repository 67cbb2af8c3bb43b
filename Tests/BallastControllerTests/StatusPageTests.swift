import BallastController
import BallastPlan
import Foundation
import Testing

/// The status page in the five states people look at it in.
enum StatusPageStates {
    static let time = Date(timeIntervalSince1970: 1_790_000_000)
    static let revision = "0123456789abcdef0123456789abcdef01234567"

    static let synced = StageStatus(
        stage: "dev", phase: .synced, reason: .synced, message: "AWS matches the commit", revision: revision,
        time: time, planSummary: "no changes",
        stacks: ["shop-dev-network": "CREATE_COMPLETE", "shop-dev-compute": "UPDATE_COMPLETE"],
        rollouts: [.init(function: "orders", from: nil, to: "4", weight: 100, phase: "idle")])
    static let rollingOut = StageStatus(
        stage: "staging", phase: .progressing, reason: .rollingOut, message: "orders at 20%", revision: revision,
        time: time, planSummary: "1 to change",
        stacks: ["shop-staging-compute": "UPDATE_COMPLETE", "shop-staging-api": "UPDATE_IN_PROGRESS"],
        rollouts: [
            .init(
                function: "orders", from: "3", to: "4", weight: 20, phase: "progressing",
                nextStepAt: time.addingTimeInterval(40), secondsToNextStep: 40, steps: [10, 20, 30, 100],
                stepSeconds: 60)
        ])
    static let rolledBack = StageStatus(
        stage: "qa", phase: .failed, reason: .rolledBack, message: "orders rolled back to version 3",
        revision: revision, time: time, stacks: ["shop-qa-compute": "UPDATE_COMPLETE"],
        rollouts: [
            .init(
                function: "orders", from: "3", to: "4", weight: 0, phase: "rolledBack",
                note: "alarm shop-qa-orders-errors fired at 10%")
        ],
        firingAlarms: ["shop-qa-orders-errors"])
    static let failed = withCommitMessage(
        "fix <script>alert('message')</script> & more",
        StageStatus(
            stage: "prod", phase: .failed, reason: .stackFailed,
            message: "deploy <script>alert('commit')</script> failed", revision: revision, time: time,
            stacks: ["shop-prod-api": "UPDATE_ROLLBACK_COMPLETE", "shop-prod-<b>x</b>": "CREATE_FAILED"],
            lastError: ErrorReport(
                message: "CloudFormation ExecuteChangeSet failed: ValidationError: <img src=x onerror=alert(1)> & more",
                service: "CloudFormation", operation: "ExecuteChangeSet", code: "ValidationError",
                requestId: "req-<1>")))

    static func withCommitMessage(_ message: String, _ status: StageStatus) -> StageStatus {
        var status = status
        status.commitMessage = message
        return status
    }
    static let awaitingApproval = withPlanText(
        "Stage live (us-east-1)\n  ± shop-live-database\n      ± MainInstance AWS::RDS::DBInstance (DATA LOSS)",
        StageStatus(
            stage: "live", phase: .awaitingApproval, reason: .awaitingApproval,
            message: "approve with: ballast approve --stage live --commit \(revision)", revision: revision, time: time,
            planSummary: "2 to change, 1 to replace (DATA LOSS)", stacks: ["shop-live-database": "UPDATE_COMPLETE"]))

    static func withPlanText(_ text: String, _ status: StageStatus) -> StageStatus {
        var status = status
        status.planText = text
        return status
    }

    static let all: [(name: String, status: StageStatus)] = [
        ("synced", synced), ("rolling-out", rollingOut), ("rolled-back", rolledBack), ("failed", failed),
        ("awaiting-approval", awaitingApproval),
    ]

    static func document(_ statuses: [StageStatus], error: String? = nil) -> StatusDocument {
        StatusDocument(
            ready: true, stages: Dictionary(uniqueKeysWithValues: statuses.map { ($0.stage, $0) }), error: error)
    }
}

@Suite("the status page renders every stage, escaped")
struct StatusPageTests {
    @Test("each stage is an article with its phase, reason, commit and stacks; summary counts them")
    func stagesAndSummary() {
        let html = StatusPage.render(
            StatusPageStates.document(StatusPageStates.all.map(\.status)), now: StatusPageStates.time)
        for (_, status) in StatusPageStates.all {
            #expect(html.contains("id=\"stage-\(status.stage)\" data-phase=\"\(status.phase.rawValue)\""))
        }
        #expect(html.contains("5 stages: 1 awaiting approval, 2 failed, 1 rolling out, 1 synced"))
        #expect(html.contains("<code class=\"revision\" title=\"\(StatusPageStates.revision)\">0123456789ab</code>"))
        #expect(html.contains("<td>shop-staging-api</td><td>UPDATE_IN_PROGRESS</td>"))
        #expect(html.contains("http-equiv=\"refresh\""))
        #expect(!html.contains("<script"), "no script, and none let in")
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external asset")
    }

    @Test("a rollout is a bar of its weights with the next step's time")
    func rolloutBar() {
        let html = StatusPage.render(
            StatusPageStates.document([StatusPageStates.rollingOut]), now: StatusPageStates.time.addingTimeInterval(15))
        #expect(
            html.contains("<span class=\"new\" style=\"width: 20%\"></span><span class=\"old\" style=\"width: 80%\">"))
        #expect(
            html.contains("<li class=\"done\">10%</li><li class=\"current\">20% now</li><li class=\"later\">30% at"))
        #expect(
            html.contains(
                "2026-09-21T14:14:00Z</time></li><li class=\"later\">100% at <time datetime=\"2026-09-21T14:15:00Z\""))
        #expect(html.contains("version 3 → version 4"))
        #expect(html.contains("(in 25 s)"))
    }

    @Test("a plan waiting for approval shows the plan and the command that approves it")
    func approval() {
        let html = StatusPage.render(StatusPageStates.document([StatusPageStates.awaitingApproval]), now: Date())
        #expect(html.contains("<h3>Waiting for approval</h3><p>The plan: 2 to change, 1 to replace (DATA LOSS).</p>"))
        #expect(
            html.contains(
                "<pre class=\"command\">approve with: ballast approve --stage live --commit \(StatusPageStates.revision)</pre>"
            ))
        #expect(html.contains("<pre class=\"plan-text\">Stage live (us-east-1)\n  ± shop-live-database"))
    }

    @Test("the store keeps a stage's last 20 statuses, newest first, and the page lists them")
    func history() async {
        let store = StatusStore(stages: ["dev"], time: StatusPageStates.time)
        for index in 0..<25 {
            var status = StatusPageStates.synced
            status.time = StatusPageStates.time.addingTimeInterval(Double(index))
            status.message = "pass \(index)"
            await store.update(status)
        }
        let history = await store.history(of: "dev")
        #expect(history.count == StatusStore.historyLength)
        #expect(history.first?.message == "pass 24" && history.last?.message == "pass 5")
        let html = StatusPage.render(
            StatusPageStates.document([StatusPageStates.synced]), history: ["dev": history], now: Date())
        #expect(html.components(separatedBy: "<tr class=\"phase-synced\">").count - 1 == 20)
        #expect(html.contains("<td>synced</td><td>Synced: pass 24</td>"))
    }

    @Test("the history keeps what its table shows of each status; the latest status keeps everything")
    func historyKeepsItsColumns() async {
        let store = StatusStore(stages: ["live", "staging", "prod"], time: StatusPageStates.time)
        for status in [StatusPageStates.awaitingApproval, StatusPageStates.rollingOut, StatusPageStates.failed] {
            await store.update(status)
            let entry = await store.history(of: status.stage).first
            #expect(entry?.time == status.time && entry?.revision == status.revision)
            #expect(entry?.phase == status.phase && entry?.reason == status.reason)
            #expect(entry?.message == status.message && entry?.planSummary == status.planSummary)
            #expect(entry?.badgeMessage == status.badgeMessage)
            #expect(entry?.planText == nil && entry?.planDigest == nil && entry?.commitMessage == nil)
            #expect(entry?.stacks == [:] && entry?.firingAlarms == [] && entry?.lastError == nil)
            #expect(await store.status(of: status.stage) == status)
        }
        #expect(await store.status(of: "live")?.planText?.isEmpty == false)
        #expect(await store.history(of: "staging").first?.badgeMessage == "rolling out 20%")
        let html = StatusPage.render(
            StatusPageStates.document([StatusPageStates.failed]),
            history: ["prod": await store.history(of: "prod")], now: Date())
        #expect(html.contains("<td>failed</td><td>StackFailed: deploy &lt;script&gt;"))
    }

    @Test("the last error shows the AWS operation, code and request id above its message")
    func lastError() {
        let html = StatusPage.render(StatusPageStates.document([StatusPageStates.failed]), now: Date())
        #expect(
            html.contains(
                "<section class=\"error\"><h3>Last error</h3><dl><dt>Operation</dt><dd class=\"operation\">CloudFormation ExecuteChangeSet</dd><dt>Code</dt><dd class=\"code\">ValidationError</dd><dt>Request</dt><dd class=\"request-id\"><code>req-&lt;1&gt;</code></dd></dl><pre>CloudFormation ExecuteChangeSet failed: ValidationError:"
            ))
        var gitError = StatusPageStates.failed
        gitError.lastError = ErrorReport(message: "fetching https://***@example.com/r.git: refused")
        let plain = StatusPage.render(StatusPageStates.document([gitError]), now: Date())
        #expect(
            plain.contains(
                "<section class=\"error\"><h3>Last error</h3><pre>fetching https://***@example.com/r.git: refused</pre>"
            ))
    }

    @Test("a plan text longer than a GitHub comment is cut with a note")
    func planTextIsBounded() {
        let long = String(repeating: "x", count: StageStatus.planTextLength + 10)
        let kept = StageStatus.planText(long)
        #expect(kept.hasPrefix(String(repeating: "x", count: StageStatus.planTextLength)))
        #expect(kept.hasSuffix("(cut at 65536 characters; ballast diff shows it all)"))
        #expect(StageStatus.planText("short") == "short")
    }

    @Test("every value from Git or AWS is escaped: messages, errors, stack names, the controller's problem")
    func escaping() {
        let html = StatusPage.render(
            StatusPageStates.document([StatusPageStates.failed], error: "main at <i>abc</i> & \"x\""), now: Date())
        #expect(html.contains("deploy &lt;script&gt;alert(&#39;commit&#39;)&lt;/script&gt; failed"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; more"))
        #expect(
            html.contains(
                "<dd class=\"commit-message\">fix &lt;script&gt;alert(&#39;message&#39;)&lt;/script&gt; &amp; more</dd>"
            ))
        #expect(html.contains("<td>shop-prod-&lt;b&gt;x&lt;/b&gt;</td>"))
        #expect(html.contains("main at &lt;i&gt;abc&lt;/i&gt; &amp; &quot;x&quot;"))
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>") && !html.contains("<i>"))
    }
}
