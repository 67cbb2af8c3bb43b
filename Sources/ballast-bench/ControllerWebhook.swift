import ArgumentParser
import Foundation

/// Push → change set when the push arrives as a signed GitHub webhook: the release `ballast run`
/// on the example with an hour between polls (only the webhook makes it look again), from the
/// start of `git push` and from the webhook's POST to the first CreateChangeSet at the
/// recording proxy, and to /status synced at the new commit.
enum ControllerWebhook {
    static let secret = "ballast-bench-webhook"

    static func measure() throws -> Measurement {
        let emulator = try BenchEmulator.start()
        defer { emulator.stop() }
        let proxy = try RecordingProxy.start(target: emulator.endpoint)
        defer { proxy.stop() }
        let example = try ExampleRemote(name: "webhook", emulator: emulator)
        defer { example.remove() }
        let (controller, port, start) = try startSynced(example, through: proxy, arguments: ["--interval", "1h"])
        defer { _ = controller.terminate() }
        var figures: [String: Double] = ["startToSyncedSeconds": Commands.seconds(since: start)]

        let second = try example.commitOrdersMemory(384)
        let pushStarted = Date().timeIntervalSince1970
        let pushClock = ContinuousClock.now
        try example.git(["push", "-q", "origin", "dev"])
        let posted = try post(second, port: port, controller: controller)
        let changeSetAt = try controller.firstChangeSet(through: proxy, since: pushStarted, after: "the webhook")
        figures["pushToChangeSetSeconds"] = changeSetAt - pushStarted
        figures["webhookToChangeSetSeconds"] = changeSetAt - posted
        try controller.waitSynced("dev", at: second, port: port)
        figures["pushToSyncedSeconds"] = Commands.seconds(since: pushClock)
        return try controller.finish(.controllerWebhook, since: start, figures: figures)
    }

    /// `ballast run` on `example` through `proxy`, accepting webhooks signed with `secret`, with
    /// `arguments` besides; returned once both stages are synced at the first commit, with
    /// its port and the time it was started.
    static func startSynced(_ example: ExampleRemote, through proxy: RecordingProxy, arguments: [String]) throws
        -> (Controller, Int, ContinuousClock.Instant)
    {
        let secretFile = example.folder + "/webhook-secret"
        try (secret + "\n").write(toFile: secretFile, atomically: true, encoding: .utf8)
        let controller = try Controller(
            arguments: [
                "--remote", example.remote, "--cache", example.folder + "/cache", "--listen", "127.0.0.1:0",
                "--webhook-secret-file", secretFile,
            ] + arguments,
            environment: Commands.ballastEnvironment(endpoint: proxy.endpoint, home: example.folder),
            log: example.folder + "/controller.log")
        let start = ContinuousClock.now
        let port = try controller.port()
        for stage in ["dev", "prod"] {
            try controller.waitSynced(stage, at: example.first, port: port, timeout: 300)
        }
        return (controller, port, start)
    }

    /// POSTs a GitHub push event for `commit` on dev to `/hooks/git`, signed with `secret`; an
    /// answer other than 2xx is an error. The time the POST began (seconds since 1970).
    @discardableResult
    static func post(_ commit: String, port: Int, controller: Controller) throws -> Double {
        let body = #"{"ref":"refs/heads/dev","after":"\#(commit)"}"#
        let signature = try Commands.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import hmac, hashlib, sys; print('sha256=' + hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())",
                secret, body,
            ]
        ).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let posted = Date().timeIntervalSince1970
        let response = try Commands.run(
            "/usr/bin/env",
            [
                "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "10", "-X", "POST",
                "-H", "X-GitHub-Event: push", "-H", "X-GitHub-Delivery: bench", "-H", "Content-Type: application/json",
                "-H", "X-Hub-Signature-256: \(signature)", "--data-binary", body,
                "http://127.0.0.1:\(port)/hooks/git",
            ]
        ).output
        guard response.hasPrefix("2") else {
            throw ValidationError("the webhook was answered \(response); log:\n\(controller.output.suffix(2000))")
        }
        return posted
    }
}
