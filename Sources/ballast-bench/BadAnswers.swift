import ArgumentParser
import BallastChildProcess
import Foundation

/// "Bad answers users got" (issue 17): users send a steady 50 requests a second through the dev
/// stage's REST API (`Tests/Support/send_traffic.py`, loopback) while `ballast reconcile --wait`
/// rolls out, by a 10% canary with a 5-minute bake, a version of orders that fails every
/// request; the emulator runs the handlers and evaluates the alarms from the metrics of that
/// traffic, at real speed. Three gates, each in a fresh emulator: (a) `checks:`, sent to the new
/// version before any traffic moves; (b) no checks, the version's own metrics (Ballast's
/// default); (c) only a function-wide alarm, as CodeDeploy gates: the function's errors
/// threshold is put out of reach (which puts the version's own errors gate, scaled from it, out
/// of reach too) and the rollout watches an alarm on the function's `Errors` over all its
/// versions (a raw template's, `functionErrorsAlarm`). For each: the failed user requests and
/// the seconds from the first bad answer to the rollback's UpdateAlias.
enum BadAnswers {
    /// What stops the bad version.
    enum Gate: String, CaseIterable {
        case checks
        case versionMetrics
        case functionAlarms

        /// The orders.yaml of the gate, from the example's.
        func orders(_ text: String) throws -> String {
            switch self {
            case .checks:
                return text + "checks:\n  - { name: list, method: GET, path: /orders, expect: { status: 200 } }\n"
            case .versionMetrics:
                return text
            case .functionAlarms:
                guard text.contains(BadAnswers.exampleAlarms) else {
                    throw ValidationError("desired/functions/orders.yaml no longer has \(BadAnswers.exampleAlarms)")
                }
                return text.replacingOccurrences(
                    of: BadAnswers.exampleAlarms,
                    // The route's 5XX alarm out of reach too: it fires from the version's 502s
                    // alone, and this gate is the one Lambda alarm over every version.
                    with: "alarms: { errors: 1000000, durationMs: 3000, api5xx: 1000000, apiLatencyMs: 2000 }")
                    + "rollout: { alarms: [shop-dev-orders-function-errors] }\n"
            }
        }

        /// What the reconcile must have said when this gate stopped the version.
        var expectedLine: String {
            switch self {
            case .checks: "stopped before any traffic moved, all traffic stays on version 1: check 'list' failed"
            case .versionMetrics: "rolled back to version 1: version 2: Errors "
            case .functionAlarms: "rolled back to version 1: alarm in ALARM: shop-dev-orders-function-errors"
            }
        }
    }

    /// The alarm gate (c) watches: CloudWatch's `Errors` of the function over all its
    /// versions (dimension `FunctionName` only), at least 1 in a minute, as a CodeDeploy
    /// deployment group would name it; a raw template of the desired state.
    static let functionErrorsAlarm = """
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          Project: { Type: String }
          Stage: { Type: String }
        Resources:
          OrdersFunctionErrors:
            Type: AWS::CloudWatch::Alarm
            Properties:
              AlarmName: { "Fn::Sub": "${Project}-${Stage}-orders-function-errors" }
              Namespace: AWS/Lambda
              MetricName: Errors
              Dimensions: [{ Name: FunctionName, Value: { "Fn::Sub": "${Project}-${Stage}-orders" } }]
              Statistic: Sum
              Period: 60
              EvaluationPeriods: 1
              Threshold: 1
              ComparisonOperator: GreaterThanOrEqualToThreshold
              TreatMissingData: notBreaching

        """

    static let exampleAlarms = "alarms: { errors: 1, durationMs: 3000, api5xx: 1, apiLatencyMs: 2000 }"
    /// User requests a second.
    static let rate = 50
    static let bake = "5m"
    /// The longest the traffic runs in one gate: the whole bake and more.
    static let longestSeconds = 420

    static func measure() throws -> Measurement {
        let start = ContinuousClock.now
        var figures: [String: Double] = [:]
        for gate in Gate.allCases {
            FileHandle.standardError.write(Data("ballast-bench: bad answers, gate \(gate.rawValue)\n".utf8))
            for (name, value) in try run(gate) { figures["\(gate.rawValue).\(name)"] = value }
        }
        let wall = Commands.seconds(since: start)
        return Measurement(
            scenario: Scenario.rollbackBadAnswers.rawValue, functions: 0, repetitions: 1,
            wallMillisecondsMedian: wall * 1000, wallMillisecondsMin: wall * 1000,
            cpuMillisecondsMedian: ResourceUsage.cpuSeconds() * 1000, peakResidentMiB: ResourceUsage.peakResidentMiB(),
            figures: figures)
    }

    /// One gate, from a fresh emulator: its figures.
    static func run(_ gate: Gate) throws -> [String: Double] {
        let emulator = try BenchEmulator.start(["--evaluate-alarms"])
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let home = FileManager.default.temporaryDirectory
            .appendingPathComponent("ballast-bench-bad-\(gate.rawValue)-\(ProcessInfo.processInfo.processIdentifier)")
            .path
        try? FileManager.default.removeItem(atPath: home)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let folder = home + "/desired"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Scenario.exampleDirectory, toPath: folder)
        let settings = folder + "/ballast.yaml"
        try String(contentsOfFile: settings, encoding: .utf8).replacingOccurrences(
            of: "rollout:    { strategy: allAtOnce }",
            with: "rollout:    { strategy: canary, percent: 10, bake: \(bake) }"
        ).write(toFile: settings, atomically: true, encoding: .utf8)
        if gate == .functionAlarms {
            try functionErrorsAlarm.write(
                toFile: folder + "/templates/bench-alarms.yaml", atomically: true, encoding: .utf8)
        }
        let orders = folder + "/functions/orders.yaml"
        try gate.orders(try String(contentsOfFile: orders, encoding: .utf8))
            .write(toFile: orders, atomically: true, encoding: .utf8)

        let root = FileManager.default.currentDirectoryPath
        let registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
        let push = [
            "python3", "Tests/Support/deploy_synth_output.py", "--endpoint", emulator.endpoint, "--stage", "dev",
            "--region", "us-east-1",
        ]
        try Commands.run(
            "/usr/bin/env",
            push + [
                "--push-images", "\(registry)/orders:dev", "\(registry)/catalog:dev", "--handler",
                root + "/Tests/Support/handlers/answers.py",
            ])
        let environment = Commands.ballastEnvironment(endpoint: proxy.endpoint, home: home)
        try Commands.run(
            Commands.ballast, ["reconcile", "--stage", "dev", "--desired", folder], environment: environment)
        // orders:dev pushed again as an image that fails every invocation.
        try Commands.run(
            "/usr/bin/env",
            push + [
                "--repush", "bad", "--push-images", "\(registry)/orders:dev", "--handler",
                root + "/Tests/Support/handlers/fails.py",
            ])

        let traffic = try Traffic.start(endpoint: emulator.endpoint, home: home)
        Thread.sleep(forTimeInterval: 2)  // users were there before the rollout
        let began = Date().timeIntervalSince1970
        let log = home + "/reconcile.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let status = try ChildProcess.run(
            Commands.ballast, ["reconcile", "--stage", "dev", "--wait", "--desired", folder],
            environment: environment, error: .file(log))
        let ended = Date().timeIntervalSince1970
        Thread.sleep(forTimeInterval: 3)  // and after it
        let report = try traffic.stop()
        let written = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 3, written.contains(gate.expectedLine) else {
            throw ValidationError(
                "gate \(gate.rawValue): expected exit 3 and '\(gate.expectedLine)', got exit \(status):\n\(written.suffix(3000))"
            )
        }
        let moves = try proxy.requests().filter { $0.operation == "UpdateAlias" && $0.time >= began }
        var figures: [String: Double] = [
            "failedRequests": Double(report.failedAt.count), "sentRequests": Double(report.sent),
            "requestsPerSecond": Double(report.sent) / max(report.ended - report.began, 1),
            "reconcileSeconds": ended - began, "aliasMoves": Double(moves.count),
        ]
        // The rollback is the last move of the alias (the first, when there are two, is the canary).
        if let first = report.failedAt.first, moves.count >= 2, let rollback = moves.last?.time {
            figures["firstBadToRollbackSeconds"] = rollback - first
            figures["failedAfterRollback"] = Double(report.failedAt.filter { $0 > rollback }.count)
        }
        FileHandle.standardError.write(
            Data(
                "ballast-bench: gate \(gate.rawValue): \(report.sent) requests, \(report.failedAt.count) failed; \(written.split(separator: "\n").last { $0.contains("rolled back") || $0.contains("stopped before") } ?? "")\n"
                    .utf8))
        return figures
    }

    /// `Tests/Support/send_traffic.py` in the background, stopped with SIGTERM.
    struct Traffic {
        let process: ChildProcess
        let output: URL

        struct Report: Decodable {
            var sent: Int
            var statuses: [String: Int]
            var began: Double
            var ended: Double
            var failedAt: [Double]
        }

        static func start(endpoint: String, home: String) throws -> Traffic {
            let output = URL(fileURLWithPath: home + "/traffic.json")
            let process = try ChildProcess(
                "python3",
                [
                    "Tests/Support/send_traffic.py", endpoint, "us-east-1", "shop-dev", "dev", "GET", "/orders",
                    "--count", "\(rate * longestSeconds)", "--rate", "\(rate)", "--max-seconds", "\(longestSeconds)",
                ], output: .file(output.path))
            return Traffic(process: process, output: output)
        }

        /// SIGTERM (it then prints what it saw), and waits for it to exit.
        func stop() throws -> Report {
            process.send(SIGTERM)
            process.waitForExit()
            return try JSONDecoder().decode(Report.self, from: Data(contentsOf: output))
        }
    }
}
