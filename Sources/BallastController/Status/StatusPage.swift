import BallastPlan
import Foundation

/// The page `GET /` serves: every stage of ``StatusDocument`` as server-rendered HTML, for people.
///
/// It needs no build step, no external asset and no script: styles are inline, the page refreshes
/// itself with a `<meta http-equiv="refresh">`, and it reads the same with JavaScript off. Every
/// value that comes from Git or AWS (stage names, commit ids, messages, stack names and states,
/// alarm names, errors) is HTML-escaped, so a `<script>` in a commit's message or an AWS error
/// stays text.
public enum StatusPage {
    /// Seconds between the page's own refreshes.
    public static let refreshSeconds = 10

    /// The page for `document`, rendered at `now` (for "in 40 s" next to a rollout's next step).
    public static func render(_ document: StatusDocument, history: [String: [StageStatus]] = [:], now: Date)
        -> String
    {
        let stages = document.stages.values.sorted { $0.stage < $1.stage }
        var html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="\(refreshSeconds)">
            <title>Ballast: \(summary(stages))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header><h1>Ballast</h1><p id="summary">\(escape(summary(stages)))\
            \(document.ready ? "" : " · <span class=\"not-ready\">not ready: Git not fetched yet</span>")</p></header>

            """
        if let error = document.error {
            html += "<section id=\"problem\" class=\"problem\"><h2>The controller cannot reach its stages</h2>"
            html += "<pre>\(escape(error))</pre></section>\n"
        }
        html += "<main>\n"
        if stages.isEmpty { html += "<p class=\"empty\">No stage is known yet.</p>\n" }
        for stage in stages { html += article(stage, history: history[stage.stage] ?? [], now: now) }
        html += """
            </main>
            <footer>Rendered \(escape(Self.time(now))) · refreshes every \(refreshSeconds) s · \
            <a href="/status">JSON</a> · <a href="/metrics">metrics</a></footer>
            </body>
            </html>

            """
        return html
    }

    /// `3 stages: 2 synced, 1 failed`.
    static func summary(_ stages: [StageStatus]) -> String {
        guard !stages.isEmpty else { return "no stages" }
        var counts: [String: Int] = [:]
        for stage in stages {
            counts[stage.badgeMessage.hasPrefix("rolling out") ? "rolling out" : stage.badgeMessage, default: 0] += 1
        }
        let parts = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        return "\(stages.count) stage\(stages.count == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }

    static func article(_ status: StageStatus, history: [StageStatus], now: Date) -> String {
        let phase = status.phase.rawValue
        var html =
            "<article class=\"stage phase-\(phase)\" id=\"stage-\(escape(status.stage))\" data-phase=\"\(phase)\">\n"
        html += "<h2>\(escape(status.stage)) <span class=\"phase\">\(escape(status.badgeMessage))</span>"
        if let reason = status.reason { html += " <span class=\"reason\">\(escape(reason.rawValue))</span>" }
        html += "</h2>\n<dl>"
        if let revision = status.revision {
            html +=
                "<dt>Commit</dt><dd><code class=\"revision\" title=\"\(escape(revision))\">\(escape(String(revision.prefix(12))))</code></dd>"
        }
        if let message = status.commitMessage {
            html += "<dt>Message</dt><dd class=\"commit-message\">\(escape(message))</dd>"
        }
        html +=
            "<dt>As of</dt><dd><time datetime=\"\(escape(time(status.time)))\">\(escape(time(status.time)))</time></dd>"
        if let plan = status.planSummary { html += "<dt>Plan</dt><dd class=\"plan\">\(escape(plan))</dd>" }
        html += "</dl>\n"
        if status.phase == .awaitingApproval {
            html += "<section class=\"approval\"><h3>Waiting for approval</h3>"
            if let plan = status.planSummary { html += "<p>The plan: \(escape(plan)).</p>" }
            if let message = status.message { html += "<pre class=\"command\">\(escape(message))</pre>" }
            if let plan = status.planText { html += "<pre class=\"plan-text\">\(escape(plan))</pre>" }
            html += "</section>\n"
        } else if let message = status.message {
            html += "<p class=\"message\">\(escape(message))</p>\n"
        }
        if !status.rollouts.isEmpty {
            html += "<section class=\"rollouts\"><h3>Rollouts</h3>\n"
            for rollout in status.rollouts { html += self.rollout(rollout, now: now) }
            html += "</section>\n"
        }
        if !status.firingAlarms.isEmpty {
            html += "<section class=\"alarms\"><h3>Alarms firing</h3><ul>"
            for alarm in status.firingAlarms { html += "<li>\(escape(alarm))</li>" }
            html += "</ul></section>\n"
        }
        if let error = status.lastError { html += lastError(error) }
        if !status.stacks.isEmpty {
            html +=
                "<section class=\"stacks\"><h3>Stacks</h3><table><thead><tr><th>Stack</th><th>State</th></tr></thead><tbody>"
            for (name, state) in status.stacks.sorted(by: { $0.key < $1.key }) {
                let health = stackHealth(state)
                html += "<tr class=\"\(health)\"><td>\(escape(name))</td><td>\(escape(state))</td></tr>"
            }
            html += "</tbody></table></section>\n"
        }
        if !history.isEmpty { html += self.history(history) }
        return html + "</article>\n"
    }

    /// The last error: the AWS call that failed (operation, code, request id) when one did, then
    /// the whole message.
    private static func lastError(_ error: ErrorReport) -> String {
        var html = "<section class=\"error\"><h3>Last error</h3>"
        if let operation = error.operation {
            let call = [error.service, operation].compactMap { $0 }.joined(separator: " ")
            html += "<dl><dt>Operation</dt><dd class=\"operation\">\(escape(call))</dd>"
            if let code = error.code { html += "<dt>Code</dt><dd class=\"code\">\(escape(code))</dd>" }
            if let request = error.requestId {
                html += "<dt>Request</dt><dd class=\"request-id\"><code>\(escape(request))</code></dd>"
            }
            html += "</dl>"
        }
        return html + "<pre>\(escape(error.message))</pre></section>\n"
    }

    /// The stage's last statuses, newest first, as a table.
    private static func history(_ history: [StageStatus]) -> String {
        var html = "<section class=\"history\"><h3>Last reconciles</h3><table><thead><tr>"
        html += "<th>When</th><th>Commit</th><th>Phase</th><th>Why</th></tr></thead><tbody>"
        for entry in history {
            let commit = entry.revision.map { String($0.prefix(12)) } ?? ""
            let why = [entry.reason?.rawValue, entry.message ?? entry.planSummary].compactMap { $0 }.joined(
                separator: ": ")
            html += "<tr class=\"phase-\(entry.phase.rawValue)\"><td>\(escape(time(entry.time)))</td>"
            html +=
                "<td><code>\(escape(commit))</code></td><td>\(escape(entry.badgeMessage))</td><td>\(escape(why))</td></tr>"
        }
        return html + "</tbody></table></section>\n"
    }

    private static func rollout(_ rollout: StageStatus.RolloutStatus, now: Date) -> String {
        let weight = max(0, min(100, rollout.weight))
        let to = rollout.to.map { "version \($0)" } ?? "the new version"
        let from = rollout.from.map { "version \($0)" } ?? "the old version"
        var html =
            "<div class=\"rollout\" data-function=\"\(escape(rollout.function))\" data-phase=\"\(escape(rollout.phase))\" data-weight=\"\(weight)\">"
        html += "<p><strong>\(escape(rollout.function))</strong>: \(escape(from)) → \(escape(to)), "
        html += "<span class=\"rollout-phase\">\(escape(rollout.phase))</span>, \(weight)% on \(escape(to))"
        if let next = rollout.nextStepAt {
            let seconds = max(0, Int(next.timeIntervalSince(now).rounded()))
            html +=
                "; next step at <time datetime=\"\(escape(time(next)))\">\(escape(time(next)))</time> (in \(seconds) s)"
        }
        html += "</p>"
        html +=
            "<div class=\"bar\" role=\"img\" aria-label=\"\(weight)% on \(escape(to)), \(100 - weight)% on \(escape(from))\">"
        html +=
            "<span class=\"new\" style=\"width: \(weight)%\"></span><span class=\"old\" style=\"width: \(100 - weight)%\"></span></div>"
        if let steps = rollout.steps, rollout.phase == "progressing" {
            html += timeline(steps, weight: weight, next: rollout.nextStepAt, stepSeconds: rollout.stepSeconds ?? 0)
        }
        if let note = rollout.note { html += "<p class=\"note\">\(escape(note))</p>" }
        return html + "</div>\n"
    }

    /// The strategy's steps: those passed, the one in progress, and when each later one is due
    /// (the next step's time, then one step's length apart).
    private static func timeline(_ steps: [Int], weight: Int, next: Date?, stepSeconds: Int) -> String {
        var html = "<ol class=\"steps\">"
        var due = next
        for step in steps {
            if step < weight {
                html += "<li class=\"done\">\(step)%</li>"
            } else if step == weight {
                html += "<li class=\"current\">\(step)% now</li>"
            } else {
                let when = due.map { " at <time datetime=\"\(escape(time($0)))\">\(escape(time($0)))</time>" } ?? ""
                html += "<li class=\"later\">\(step)%\(when)</li>"
                due = due?.addingTimeInterval(Double(stepSeconds))
            }
        }
        return html + "</ol>"
    }

    /// `ok`, `busy` or `bad` for a CloudFormation stack status, for its row's colour.
    static func stackHealth(_ state: String) -> String {
        if state.hasSuffix("_FAILED") || state.contains("ROLLBACK") { return "bad" }
        if state.hasSuffix("_IN_PROGRESS") { return "busy" }
        return "ok"
    }

    /// `value` safe in HTML text and in a quoted attribute.
    public static func escape(_ value: String) -> String {
        MarkupEscaping.escape(value)
    }

    static func time(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static let style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}\
        header,footer{padding:12px 24px;background:#1d2330;color:#fff}header h1{margin:0;font-size:20px}\
        header p{margin:4px 0 0}footer{font-size:13px}footer a{color:#9cc3ff}\
        main{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:16px;padding:16px 24px}\
        .stage{background:#fff;border-radius:8px;padding:12px 16px;border-left:8px solid #9e9e9e;box-shadow:0 1px 3px #0002}\
        .phase-synced{border-color:#2e7d32}.phase-progressing{border-color:#1565c0}\
        .phase-failed{border-color:#c62828}.phase-awaitingApproval{border-color:#ef6c00}\
        h2{margin:0 0 8px;font-size:18px}h3{font-size:15px;margin:12px 0 4px}\
        .phase{font-size:13px;padding:2px 8px;border-radius:10px;background:#eceff1}\
        .phase-synced .phase{background:#c8e6c9}.phase-failed .phase{background:#ffcdd2}\
        .phase-progressing .phase{background:#bbdefb}.phase-awaitingApproval .phase{background:#ffe0b2}\
        .reason{font-size:13px;color:#555}dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:0}\
        dt{color:#555}dd{margin:0}pre{white-space:pre-wrap;word-break:break-word;background:#f1f3f5;padding:8px;border-radius:4px}\
        .bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:#eceff1}\
        .bar .new{background:#1565c0}.bar .old{background:#90a4ae}\
        .rollout[data-phase=rolledBack] .bar .new{background:#c62828}\
        .steps{display:flex;gap:6px;list-style:none;padding:0;margin:6px 0;font-size:13px;flex-wrap:wrap}\
        .steps li{padding:1px 8px;border-radius:8px;background:#eceff1}.steps .done{background:#c8e6c9}\
        .steps .current{background:#1565c0;color:#fff}.note{color:#555;margin:4px 0}\
        table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:2px 6px;border-bottom:1px solid #eee}\
        tr.bad td{color:#c62828}tr.busy td{color:#1565c0}.alarms li{color:#c62828}\
        .problem{margin:16px 24px;padding:8px 16px;background:#ffebee;border-left:8px solid #c62828}\
        .not-ready{color:#ffcc80}
        """
}
