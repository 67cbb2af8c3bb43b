import ArgumentParser
import Foundation

/// Alarm → rollback on the example under a running controller: dev becomes a canary with a
/// 10-minute bake and orders gets a new image; once the canary is at 10 %, orders' errors alarm
/// is set to ALARM through the recording proxy, and the rollback is timed from that
/// SetAlarmState to the rollback's UpdateAlias at the proxy and to /status saying RolledBack.
enum CanaryRollback {
    /// The image dev's orders moves to (it must be pushed to the emulator beforehand).
    static let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:bench-rollback"

    /// Pushes the canary commit, calls `announce` with it (a webhook, or nothing when the
    /// controller polls often), waits for the canary, fires the alarm; the two latencies.
    static func measure(
        _ controller: Controller, example: ExampleRemote, proxy: RecordingProxy, port: Int,
        announce: (String) throws -> Void
    ) throws -> [String: Double] {
        try example.edit("ballast.yaml") {
            $0.replacingOccurrences(
                of: "rollout:    { strategy: allAtOnce }",
                with: "rollout:    { strategy: canary, percent: 10, bake: 10m }")
        }
        try example.edit("functions/orders.yaml") {
            $0.replacingOccurrences(of: "orders:dev", with: "orders:bench-rollback")
        }
        try example.git(["checkout", "-q", "dev"])
        try example.git(["commit", "-q", "-am", "dev: canary with a long bake; orders: a new image"])
        let commit = try example.head("dev")
        let pushed = Date().timeIntervalSince1970
        try example.git(["push", "-q", "origin", "dev"])
        try announce(commit)
        // The canary has begun once the alias moved (UpdateAlias) and the status says progressing.
        try controller.wait(timeout: 120, "dev's canary of \(commit.prefix(12))") {
            let status = try Probe.stage("dev", port: port)
            guard status["revision"] as? String == commit, status["phase"] as? String == "progressing" else {
                return false
            }
            return try proxy.requests().contains { $0.operation == "UpdateAlias" && $0.time >= pushed }
        }
        try Commands.run(
            "/usr/bin/env",
            [
                "python3", "Tests/Support/set_alarm_state.py", proxy.endpoint, "us-east-1", "shop-dev-orders-errors",
                "ALARM",
            ])
        guard let alarmAt = try proxy.requests().last(where: { $0.operation == "SetAlarmState" })?.time else {
            throw ValidationError("SetAlarmState did not pass the recording proxy")
        }
        var rollbackAt = 0.0
        try controller.wait(timeout: 120, "the rollback's UpdateAlias") {
            guard
                let request = try proxy.requests().first(where: { $0.operation == "UpdateAlias" && $0.time > alarmAt })
            else { return false }
            rollbackAt = request.time
            return true
        }
        var figures = ["alarmToUpdateAliasSeconds": rollbackAt - alarmAt]
        try controller.wait(timeout: 60, "dev's status RolledBack") {
            try Probe.stage("dev", port: port)["reason"] as? String == "RolledBack"
        }
        figures["alarmToStatusSeconds"] = Date().timeIntervalSince1970 - alarmAt
        return figures
    }
}
