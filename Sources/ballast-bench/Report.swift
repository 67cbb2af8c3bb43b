import ArgumentParser
import Foundation

/// The markdown of a run: the machine, each goal of issue 11 with met or not met computed from
/// the numbers, and the tables. `write(into:)` puts it between the markers of BENCHMARKS.md;
/// the prose around the markers is written by hand.
struct Report {
    static let begin = "<!-- bench:begin -->"
    static let end = "<!-- bench:end -->"
    /// The markers of "Bad answers users got", a section of its own: a run of that scenario
    /// alone (`--only rollback-bad-answers`) rewrites it and leaves the rest of the file alone.
    static let badAnswersBegin = "<!-- bench:bad-answers:begin -->"
    static let badAnswersEnd = "<!-- bench:bad-answers:end -->"
    /// The markers of "Many applications, and shards" (issue 18), a section of its own in the
    /// same way (`--only controller-applications`).
    static let applicationsBegin = "<!-- bench:applications:begin -->"
    static let applicationsEnd = "<!-- bench:applications:end -->"

    let record: RunRecord

    /// Replaces what is between the markers of `file` with the report: the main markers
    /// unless the run was of scenarios with sections of their own alone ("Bad answers users
    /// got", "Many applications, and shards"), each of those sections when the run measured it
    /// (or was of it alone and failed).
    func write(into file: String) throws {
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let badAnswers = Scenario.rollbackBadAnswers.rawValue
        let applications = Scenario.controllerApplications.rawValue
        let own = [badAnswers, applications]
        // A run of those scenarios alone, measured or failed, leaves the main section as it was.
        let alone =
            rows.allSatisfy { own.contains($0.scenario) }
            && record.failures.allSatisfy { failure in own.contains { failure.hasPrefix($0) } }
            && !(rows.isEmpty && record.failures.isEmpty)
        if !alone {
            text = try Self.replace(in: text, between: Self.begin, and: Self.end, with: markdown(), file: file)
        }
        if row(.rollbackBadAnswers) != nil || (alone && record.failures.contains { $0.hasPrefix(badAnswers) }) {
            text = try Self.replace(
                in: text, between: Self.badAnswersBegin, and: Self.badAnswersEnd, with: badAnswersSection(), file: file)
        }
        if let row = row(.controllerApplications), let figures = row.figures {
            text = try Self.replace(
                in: text, between: Self.applicationsBegin, and: Self.applicationsEnd,
                with: writtenBy(markers: "bench:applications") + "\n\n" + Self.applicationsSection(figures),
                file: file)
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// The line that says which run wrote a section of its own, between `markers`.
    func writtenBy(markers: String) -> String {
        let machine = record.machine
        let dateFormat = ISO8601DateFormatter()
        dateFormat.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return "_Written by `ballast-bench \(record.arguments)` on \(dateFormat.string(from: machine.started)) UTC "
            + "(commit \(machine.commit), \(machine.cores) cores, load average \(machine.loadAtStart) at the start; "
            + "ballast measured: \(machine.ballast.map { "`\($0.split(separator: "/").suffix(4).joined(separator: "/"))`" } ?? "not recorded")); "
            + "generated between the `\(markers)` markers: do not edit it by hand._"
    }

    /// `text` with what is between the lines `begin` and `end` replaced by `section`.
    static func replace(in text: String, between begin: String, and end: String, with section: String, file: String)
        throws -> String
    {
        // Markers on lines of their own: prose that names them is not a marker.
        guard let start = text.range(of: "\n" + begin + "\n"),
            // From the begin line's own newline, so an empty section (end right after begin) is found.
            let stop = text.range(of: "\n" + end + "\n", range: text.index(before: start.upperBound)..<text.endIndex)
        else { throw ValidationError("\(file) has no \(begin) … \(end) markers") }
        return String(text[..<start.upperBound] + section + "\n" + text[text.index(after: stop.lowerBound)...])
    }

    func markdown() -> String {
        [machine(), goals(), speed(), requests(), controller(), comparisons()].filter { !$0.isEmpty }
            .joined(separator: "\n\n")
    }

    // MARK: - Lookups

    private var rows: [Measurement] { record.measurements }

    private func row(_ scenario: Scenario, functions: Int? = nil) -> Measurement? {
        rows.first { $0.scenario == scenario.rawValue && (functions == nil || $0.functions == functions) }
    }

    private func figure(_ scenario: Scenario, _ name: String) -> Double? { row(scenario)?.figures?[name] }

    private var requestCounts: [RequestCount] { rows.flatMap { $0.requests ?? [] } }

    private var requestSizes: [Int] { Set(requestCounts.map(\.functions)).sorted() }

    // MARK: - Sections

    private func machine() -> String {
        let machine = record.machine
        let dateFormat = ISO8601DateFormatter()
        dateFormat.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        let finished = machine.finished ?? machine.started
        let minutes = finished.timeIntervalSince(machine.started) / 60
        return """
            _Written by `Benchmarks/run` (`ballast-bench \(record.arguments)`); everything between the
            `bench:begin`/`bench:end` markers is generated: do not edit it by hand._

            | run | |
            | --- | --- |
            | when | \(dateFormat.string(from: machine.started)) – \(dateFormat.string(from: finished)) UTC (\(Self.fixed(minutes, 1)) min) |
            | commit | \(machine.commit) |
            | ballast measured | \(machine.ballast.map { "`\($0.split(separator: "/").suffix(4).joined(separator: "/"))`" } ?? "not recorded") |
            | CPU | \(machine.cpu), \(machine.cores) cores |
            | memory | \(Self.fixed(machine.memoryGiB, 1)) GiB |
            | OS | \(machine.operatingSystem) |
            | Swift | \(machine.swift) |
            | peers | \(machine.peers) |
            | load average at the start (1, 5, 15 min) | \(machine.loadAtStart) (a shared machine: other builds and tests ran beside this run) |
            """
    }

    private func goals() -> String {
        var lines = ["#### Goals (issue 11)", "", "| goal | measured | met? |", "| --- | --- | --- |"]
        func add(_ goal: String, _ measured: String?, _ met: Bool?) {
            let verdict = met.map { $0 ? "**met**" : "**not met**" } ?? "not measured"
            lines.append("| \(goal) | \(measured ?? "–") | \(verdict) |")
        }

        let cdk = row(.synthCDKExample)
        let command = row(.synthCommandExample)
        if let cdk, let command {
            let wall = cdk.wallMillisecondsMedian / command.wallMillisecondsMedian
            let cpu = cdk.cpuMillisecondsMedian / command.cpuMillisecondsMedian
            add(
                "synth of the example ≥ 100× faster than the CDK app's synth",
                "\(Self.fixed(wall, 1))× wall (CPU \(Self.fixed(cpu, 0))×), whole command against whole command",
                wall >= 100)
        } else {
            add("synth of the example ≥ 100× faster than the CDK app's synth", nil, nil)
        }

        let synth = row(.synthInMemory, functions: 1000)
        add(
            "synth of 1,000 functions per stage under 1 s",
            synth.map {
                "\(Self.milliseconds($0.wallMillisecondsMedian)) wall median (min \(Self.milliseconds($0.wallMillisecondsMin))), "
                    + "\(Self.milliseconds($0.cpuMillisecondsMedian)) CPU"
            },
            synth.map { $0.wallMillisecondsMedian < 1000 })

        let diffs = requestCounts.filter { $0.pass == "no-op diff" }.sorted { $0.functions < $1.functions }
        add(
            "no-op diff within the diff issue's bound",
            diffs.isEmpty
                ? nil
                : diffs.map {
                    "\(Self.count($0.total)) for \(Self.count($0.functions)) fn/stage (bound \(Self.count($0.bound ?? 0)))"
                }.joined(separator: "; ")
                    + (diffs.contains { $0.total > ($0.bound ?? 0) } ? "; \(Self.overBound)" : ""),
            diffs.isEmpty ? nil : diffs.allSatisfy { $0.total <= ($0.bound ?? 0) })

        let idle = figure(.controllerIdle, "idleRSSMiB")
        add(
            "idle controller under 30 MB resident",
            idle.map {
                "\(Self.fixed($0, 1)) MiB = \(Self.fixed($0 * 1.048_576, 1)) MB VmRSS after \(Self.fixed(figure(.controllerIdle, "idleSeconds") ?? 0, 0)) s idle at the defaults"
            },
            idle.map { $0 * 1.048_576 < 30 })

        let webhook = figure(.controllerWebhook, "pushToChangeSetSeconds")
        let polling = figure(.controllerExample, "pushToChangeSetSeconds")
        add(
            "push (webhook) → first change set under 2 s",
            webhook.map {
                "\(Self.seconds($0)) by webhook" + (polling.map { "; \(Self.seconds($0)) polling every second" } ?? "")
            },
            webhook.map { $0 < 2 })

        let rollback = figure(.controllerIdle, "alarmToUpdateAliasSeconds")
        let wait = figure(.rollbackReconcileWait, "alarmToUpdateAliasSeconds")
        add(
            "alarm → rollback under 5 s with the default tick (controller)",
            rollback.map { "\(Self.seconds($0)) (ALARM → UpdateAlias, `ballast run` at its defaults)" },
            rollback.map { $0 < 5 })
        add(
            "alarm → rollback under 5 s (`ballast reconcile --wait`)",
            wait.map { "\(Self.seconds($0)) (ALARM → UpdateAlias)" }, wait.map { $0 < 5 })
        if !record.failures.isEmpty {
            lines += [
                "",
                "**Failed in this run** (see the run's standard error): \(record.failures.joined(separator: "; ")).",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// "Bad answers users got": the three gates side by side, and the run they come from.
    func badAnswersSection() -> String {
        let figures = row(.rollbackBadAnswers)?.figures ?? [:]
        var lines = [
            writtenBy(markers: "bench:bad-answers"),
            "",
            "| gate | failed user requests | first bad answer → rollback | user requests sent (rate) | reconcile --wait ran |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        let gates: [(BadAnswers.Gate, String)] = [
            (.checks, "(a) `checks:` before any traffic moves"),
            (.versionMetrics, "(b) no checks: the version's own metrics (Ballast's default)"),
            (.functionAlarms, "(c) no checks: function-wide alarms only, as CodeDeploy"),
        ]
        for (gate, title) in gates {
            func value(_ name: String) -> Double? { figures["\(gate.rawValue).\(name)"] }
            guard let failed = value("failedRequests"), let sent = value("sentRequests") else { continue }
            let seconds = value("firstBadToRollbackSeconds").map(Self.seconds) ?? "– (no user got one)"
            lines.append(
                "| \(title) | \(Self.count(Int(failed))) | \(seconds) | \(Self.count(Int(sent))) (\(Self.fixed(value("requestsPerSecond") ?? 0, 1))/s) | \(Self.seconds(value("reconcileSeconds") ?? 0)) |"
            )
        }
        if !record.failures.isEmpty {
            lines += ["", "**Failed in this run**: \(record.failures.joined(separator: "; "))."]
        }
        return lines.joined(separator: "\n")
    }

    /// Why the no-op diff is over its bound (a fact about Ballast's reads, not a measurement).
    static let overBound =
        "over by one Lambda GetFunction per function: it reads the live version's image digest, memory, timeout and "
        + "environment and the `ballast:rollout` tag, which the alias alone does not carry"

    private func speed() -> String {
        let timed = rows.filter {
            guard let scenario = Scenario(rawValue: $0.scenario) else { return false }
            return $0.requests == nil && !scenario.isController
        }
        guard !timed.isEmpty else { return "" }
        return "#### Speed (validate, synth, diff, AWS client)\n\n" + Measurement.table(timed)
    }

    private func requests() -> String {
        let counts = requestCounts
        guard !counts.isEmpty else { return "" }
        let sizes = requestSizes
        var lines = [
            "#### AWS requests (`requests-reconcile`)", "",
            "| pass | functions/stage | requests | bound | within bound? | mutating | wall (s) |",
            "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
        ]
        let passes = counts.map(\.pass).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for pass in passes {
            for size in sizes {
                guard let count = counts.first(where: { $0.pass == pass && $0.functions == size }) else { continue }
                let within: String
                if let bound = count.bound {
                    within = count.total <= bound ? "yes" : "no: \(Self.count(count.total - bound)) over"
                } else if pass.hasPrefix("no-op") {
                    within = count.mutating == 0 ? "yes (no mutating request)" : "no: mutating requests"
                } else {
                    within = "–"
                }
                let bound = count.bound.map(Self.count) ?? (pass.hasPrefix("no-op") ? "0 mutating" : "–")
                lines.append(
                    "| \(pass) | \(Self.count(size)) | \(Self.count(count.total)) | \(bound) | \(within) | \(Self.count(count.mutating)) | \(Self.fixed(count.wallSeconds, 1)) |"
                )
            }
        }
        for pass in passes {
            let inPass = sizes.compactMap { size in counts.first { $0.pass == pass && $0.functions == size } }
            let bounded = inPass.contains { $0.boundByOperation != nil }
            let operations = Set(inPass.flatMap { $0.byOperation.keys }).union(
                inPass.flatMap { ($0.boundByOperation ?? [:]).keys }
            ).sorted()
            let header = inPass.map { bounded ? "\(Self.count($0.functions)) | bound" : Self.count($0.functions) }
            lines += [
                "", "**\(pass)**, requests by operation\(bounded ? " (bound: the diff issue's, per operation)" : ""):",
                "", "| operation | " + header.joined(separator: " | ") + " |",
                "| --- |" + String(repeating: " ---: |", count: inPass.count * (bounded ? 2 : 1)),
            ]
            for operation in operations {
                let cells = inPass.map { count in
                    let sent = Self.count(count.byOperation[operation] ?? 0)
                    guard let bounds = count.boundByOperation else { return sent }
                    let bound = bounds[operation] ?? 0
                    let over = (count.byOperation[operation] ?? 0) > bound
                    return "\(over ? "**\(sent)**" : sent) | \(Self.count(bound))\(over ? " (not met)" : "")"
                }
                lines.append("| \(operation) | " + cells.joined(separator: " | ") + " |")
            }
            if bounded, inPass.contains(where: { $0.total > ($0.bound ?? 0) }) {
                lines += ["", "Not met: \(Self.overBound)."]
            }
        }
        return lines.joined(separator: "\n")
    }

    private func controller() -> String {
        var sections: [String] = []
        let labels: [(String, String, String)] = [
            ("startToSyncedSeconds", "start → both stages synced", "s"),
            ("idleSeconds", "idle window", "s"),
            ("idlePolls", "polls in the idle window", ""),
            ("idleFetches", "fetches in the idle window", ""),
            ("idleCPUSeconds", "CPU in the idle window", "s"),
            ("idleCPUSecondsPerHour", "CPU per idle hour", "s"),
            ("idleAWSRequestsProxy", "AWS requests in the idle window (at the proxy)", ""),
            ("idleAWSRequestsMetric", "AWS requests in the idle window (/metrics)", ""),
            ("idleRSSMiB", "idle resident memory (VmRSS)", "MiB"),
            ("idleRssFileMiB", "of which file-backed (RssFile)", "MiB"),
            ("idleRssAnonMiB", "of which anonymous (RssAnon)", "MiB"),
            ("idlePssMiB", "proportional set size (Pss)", "MiB"),
            ("idlePrivateDirtyMiB", "private dirty", "MiB"),
            ("idleThreads", "threads", ""),
            ("syncedHWMMiB", "peak resident (VmHWM) once synced", "MiB"),
            ("idleHWMMiB", "peak resident (VmHWM) after the idle window", "MiB"),
            ("pushCommandSeconds", "`git push` itself", "s"),
            ("pushToChangeSetSeconds", "push → first CreateChangeSet", "s"),
            ("webhookToChangeSetSeconds", "webhook POST → first CreateChangeSet", "s"),
            ("pushToSyncedSeconds", "push → /status synced at the new commit", "s"),
            ("afterReconcileHWMMiB", "peak resident (VmHWM) after the push's reconcile", "MiB"),
            ("alarmToUpdateAliasSeconds", "alarm → rollback UpdateAlias", "s"),
            ("alarmToStatusSeconds", "alarm → /status RolledBack", "s"),
            ("alarmToExitSeconds", "alarm → the command's exit", "s"),
            ("exitStatus", "exit status (3: rolled back)", ""),
            ("peakHWMMiB", "peak resident (VmHWM) at the end", "MiB"),
        ]
        let scenarios: [(Scenario, String)] = [
            (.controllerIdle, "`controller-idle`: `ballast run` at its defaults (60 s polls, default rollout tick)"),
            (.controllerExample, "`controller-example`: `ballast run --interval 1s`"),
            (.controllerWebhook, "`controller-webhook`: `ballast run --interval 1h`, pushes announced by webhook"),
            (.rollbackReconcileWait, "`rollback-reconcile-wait`: `ballast reconcile --wait`, no controller"),
        ]
        for (scenario, title) in scenarios {
            guard let figures = row(scenario)?.figures else { continue }
            var lines = ["**\(title)**", "", "| figure | value |", "| --- | ---: |"]
            for (name, label, unit) in labels {
                guard let value = figures[name] else { continue }
                let text = unit.isEmpty ? Self.fixed(value, 0) : "\(Self.fixed(value, unit == "s" ? 2 : 1)) \(unit)"
                lines.append("| \(label) | \(text) |")
            }
            sections.append(lines.joined(separator: "\n"))
        }
        let reconciles = rows.filter { $0.scenario == Scenario.controllerReconcile.rawValue }
            .sorted { $0.functions < $1.functions }
        if !reconciles.isEmpty {
            var lines = [
                "**`controller-reconcile`**: `ballast run --interval 5s` syncing a generated state from nothing",
                "",
                "| functions/stage | start → both stages synced (s) | peak resident, VmHWM (MiB) | resident 10 s after synced (MiB) | of which anonymous (MiB) | CPU (s) |",
                "| ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for row in reconciles {
                let figures = row.figures ?? [:]
                lines.append(
                    "| \(Self.count(row.functions)) | \(Self.fixed(figures["startToSyncedSeconds"] ?? 0, 1)) | \(Self.fixed(row.peakResidentMiB, 1)) | \(Self.fixed(figures["idleRSSMiB"] ?? 0, 1)) | \(Self.fixed(figures["idleRssAnonMiB"] ?? 0, 1)) | \(Self.fixed(row.cpuMillisecondsMedian / 1000, 1)) |"
                )
            }
            sections.append(lines.joined(separator: "\n"))
        }
        guard !sections.isEmpty else { return "" }
        return "#### The controller: latency and footprint\n\n" + sections.joined(separator: "\n\n")
    }

    /// `controller-applications`: one controller against three shards, side by side.
    static func applicationsSection(_ figures: [String: Double]) -> String {
        func value(_ name: String, _ digits: Int = 1) -> String { figures[name].map { fixed($0, digits) } ?? "–" }
        func megabytes(_ name: String) -> String { figures[name].map { fixed($0 * 1.048_576, 1) } ?? "–" }
        func perMinute(_ check: String, _ idle: String) -> String {
            guard let check = figures[check], let idle = figures[idle] else { return "–" }
            return fixed(check / 10 + idle, 0)
        }
        let goal: String
        if let rss = figures["idleRSSMiB"] {
            let megabytes = rss * 1.048_576
            goal =
                megabytes < 60
                ? "**met** (\(fixed(megabytes, 1)) MB)"
                : "**not met**: \(fixed(megabytes, 1)) MB, \(fixed(megabytes - 60, 1)) MB over"
        } else {
            goal = "–"
        }
        return [
            "**`controller-applications`**: `ballast run` at its defaults serving \(value("applications", 0)) applications "
                + "(2 stages × 5 functions, \(value("stacks", 0)) stacks) from a world in sync; deployed first in "
                + "\(value("seedSeconds")) s by a controller with high request rates",
            "",
            "| figure | one application | one controller, all | three shards (all replicas) |",
            "| --- | ---: | ---: | ---: |",
            "| full drift check (start → every stage synced) | \(value("oneApplicationDriftCheckSeconds")) s | \(value("driftCheckSeconds")) s | \(value("shards3DriftCheckSeconds")) s |",
            "| AWS requests of that drift check | \(value("oneApplicationDriftCheckRequests", 0)) | \(value("driftCheckRequests", 0)) | \(value("shards3DriftCheckRequests", 0)) |",
            "| AWS requests in the next idle minute (no drift check due) | \(value("oneApplicationIdleRequestsPerMinute", 0)) | \(value("idleRequestsPerMinute", 0)) | \(value("shards3IdleRequestsPerMinute", 0)) |",
            "| AWS requests per minute over a 10-minute drift-check cycle | \(perMinute("oneApplicationDriftCheckRequests", "oneApplicationIdleRequestsPerMinute")) | \(perMinute("driftCheckRequests", "idleRequestsPerMinute")) | \(perMinute("shards3DriftCheckRequests", "shards3IdleRequestsPerMinute")) |",
            "| idle resident memory (VmRSS) | \(value("oneApplicationRSSMiB")) MiB | \(value("idleRSSMiB")) MiB = \(megabytes("idleRSSMiB")) MB | \(value("shards3IdleRSSMiBTotal")) MiB (largest \(value("shards3IdleRSSMiBMax")) MiB) |",
            "| of which anonymous (RssAnon) | \(value("oneApplicationRssAnonMiB")) MiB | \(value("idleRssAnonMiB")) MiB | \(value("shards3IdleRssAnonMiBTotal")) MiB |",
            "| memory per extra application ((all − one) ÷ (count − 1)) | – | \(value("perExtraApplicationMiB", 2)) MiB | – |",
            "| goal: all applications under 60 MB resident on one controller | – | \(goal) | – |",
        ].joined(separator: "\n")
    }

    private func comparisons() -> String {
        var lines: [String] = []
        if let cdk = row(.synthCDKExample) {
            lines += [
                "**Synth of the example: the CDK for Python app (`Benchmarks/cdk-app`) against Ballast**", "",
                "| synth | wall median (ms) | CPU median (ms) | peak RSS (MiB) | CDK ÷ this, wall | CDK ÷ this, CPU |",
                "| --- | ---: | ---: | ---: | ---: | ---: |",
            ]
            let compared: [(String, Measurement?)] = [
                ("`cdk-app/app.py` (Python + Node.js), whole command", cdk),
                ("`ballast synth`, whole command", row(.synthCommandExample)),
                ("Ballast in process (no process start)", row(.synthExample)),
            ]
            for (name, measured) in compared {
                guard let measured else { continue }
                lines.append(
                    "| \(name) | \(Self.fixed(measured.wallMillisecondsMedian, 1)) | \(Self.fixed(measured.cpuMillisecondsMedian, 1)) | \(Self.fixed(measured.peakResidentMiB, 1)) | \(Self.ratio(cdk.wallMillisecondsMedian, measured.wallMillisecondsMedian)) | \(Self.ratio(cdk.cpuMillisecondsMedian, measured.cpuMillisecondsMedian)) |"
                )
            }
        }
        if let ours = row(.awsDescribeStacks), let theirs = row(.awsDescribeStacksBoto3) {
            let calls = Double(AWSComparison.calls)
            lines += [
                "",
                "**\(AWSComparison.calls) sequential DescribeStacks against the emulator: Ballast's client and boto3**",
                "",
                "| client | wall per call (ms) | client CPU per call (ms) | peak RSS (MiB) | boto3 ÷ this, wall | boto3 ÷ this, CPU |",
                "| --- | ---: | ---: | ---: | ---: | ---: |",
            ]
            for (name, measured) in [("boto3", theirs), ("Ballast", ours)] {
                lines.append(
                    "| \(name) | \(Self.fixed(measured.wallMillisecondsMedian / calls, 3)) | \(Self.fixed(measured.cpuMillisecondsMedian / calls, 3)) | \(Self.fixed(measured.peakResidentMiB, 1)) | \(Self.ratio(theirs.wallMillisecondsMedian, measured.wallMillisecondsMedian)) | \(Self.ratio(theirs.cpuMillisecondsMedian, measured.cpuMillisecondsMedian)) |"
                )
            }
        }
        guard !lines.isEmpty else { return "" }
        return "#### Side by side\n\n" + lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    // MARK: - Numbers

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    static func milliseconds(_ value: Double) -> String { "\(fixed(value, value < 100 ? 1 : 0)) ms" }

    static func seconds(_ value: Double) -> String { "\(fixed(value, 2)) s" }

    static func ratio(_ slow: Double, _ fast: Double) -> String {
        fast > 0 ? "\(fixed(slow / fast, slow / fast < 10 ? 2 : 0))×" : "–"
    }

    /// An integer with thousands separated by commas.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }
}
