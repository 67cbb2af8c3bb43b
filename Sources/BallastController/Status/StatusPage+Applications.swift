import BallastPlan
import Foundation

extension StatusPage {
    /// The page of a controller with an `applications:` list: one section per application, in
    /// configuration order, with its stages (each an article as on the single form's page, its
    /// id `stage-<application>-<stage>`), its problem, or the shard that reconciles it when this
    /// replica does not.
    public static func render(
        applications names: [String], _ document: StatusDocument, histories: [String: [String: [StageStatus]]],
        now: Date
    ) -> String {
        let applications = document.applications ?? [:]
        let here = names.compactMap { name in applications[name].flatMap { $0.reconciledHere ? $0 : nil } }
        let stages = here.flatMap { ($0.stages ?? [:]).values }
        let count = "\(names.count) application\(names.count == 1 ? "" : "s")"
        var html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="\(refreshSeconds)">
            <title>Ballast: \(escape(count)), \(escape(summary(stages)))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header><h1>Ballast</h1><p id="summary">\(escape(count)), \(escape(summary(stages)))\
            \(document.shard.map { $0.count > 1 ? " · shard \($0.index) of \($0.count)" : "" } ?? "")</p></header>
            <main>

            """
        for name in names {
            guard let application = applications[name] else { continue }
            html += "<section class=\"application\" id=\"application-\(escape(name))\">\n"
            html += "<h2>\(escape(name))</h2>\n"
            guard application.reconciledHere else {
                let owner = application.replica.map { " (\($0))" } ?? ""
                html += "<p class=\"elsewhere\">Reconciled by shard \(application.shard)\(escape(owner)).</p>\n"
                html += "</section>\n"
                continue
            }
            if let error = application.error {
                html += "<div class=\"problem\"><h3>The controller cannot reach its stages</h3>"
                html += "<pre>\(escape(error))</pre></div>\n"
            }
            if application.ready == false {
                html += "<p class=\"not-ready\">not ready: Git not fetched yet</p>\n"
            }
            let stages = (application.stages ?? [:]).values.sorted { $0.stage < $1.stage }
            if stages.isEmpty { html += "<p class=\"empty\">No stage is known yet.</p>\n" }
            for stage in stages {
                let article = article(stage, history: histories[name]?[stage.stage] ?? [], now: now)
                html += article.replacingOccurrences(
                    of: "id=\"stage-\(escape(stage.stage))\"",
                    with: "id=\"stage-\(escape(name))-\(escape(stage.stage))\"")
            }
            html += "</section>\n"
        }
        html += """
            </main>
            <footer>Rendered \(escape(Self.time(now))) · refreshes every \(refreshSeconds) s · \
            <a href="/status">JSON</a> · <a href="/metrics">metrics</a></footer>
            </body>
            </html>

            """
        return html
    }
}
