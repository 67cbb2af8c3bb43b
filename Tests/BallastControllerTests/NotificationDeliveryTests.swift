import BallastController
import BallastControllerConfig
import BallastModel
import BallastPlan
import Foundation
import Logging
import Testing

/// The notification reporter against a real receiver on loopback (the recording server):
/// retries, the per-request bound, the bounded queue, the signature, the event filter.
@Suite("notifications delivered to a loopback receiver", .serialized)
struct NotificationDeliveryTests {
    static let secret = "notify-s3cr3t"

    /// A secret file for the webhook's HMAC key.
    static func secretFile() throws -> Located<String> {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-notify-secret-\(UUID())")
        try "\(secret)\n".write(to: url, atomically: true, encoding: .utf8)
        return Located(url.path)
    }

    static func status(_ phase: StageStatus.Phase, revision: String, reason: StageStatus.Reason? = nil) -> StageStatus {
        StageStatus(
            stage: "dev", phase: phase, reason: reason, message: "the \(phase.rawValue) message",
            revision: String(repeating: revision, count: 40), time: Date())
    }

    /// Runs the reporter's senders while `body` runs.
    static func running(_ notifications: Notifications, _ body: () async throws -> Void) async throws {
        let task = Task { try await notifications.run() }
        defer { task.cancel() }
        try await body()
    }

    /// `sha256=HEX` of `body` under `key`, computed by Python's hmac module (not Ballast's code).
    static func pythonSignature(_ body: String, key: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import hmac, hashlib, sys; print('sha256=' + hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())",
            key, body,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a receiver answering 500 then 201 gets the same signed event again, and it counts as delivered")
    func retriesAfter500() async throws {
        let receiver = try await NotificationRecorder.start(["--fail-first", "1"])
        let metrics = ControllerMetrics()
        let notifications = try Notifications(
            targets: [
                NotificationTarget(kind: .webhook, url: receiver.url + "/hook", secretFile: try Self.secretFile())
            ],
            metrics: metrics, logger: Logger(label: "test"), backoff: .milliseconds(100))
        try await Self.running(notifications) {
            await notifications.observe(Self.status(.synced, revision: "a"))
            await notifications.observe(Self.status(.failed, revision: "b", reason: .reconcileFailed))
            let requests = try await receiver.waitFor(2)
            try #require(requests.count == 2)
            let bodies = requests.compactMap { $0["raw"] as? String }
            try #require(bodies.count == 2)
            #expect(bodies[0] == bodies[1])
            let event = requests.last?["body"] as? [String: Any]
            #expect(event?["event"] as? String == "stageFailed")
            #expect(event?["revision"] as? String == String(repeating: "b", count: 40))
            for request in requests {
                let headers = request["headers"] as? [String: Any]
                let signature = headers?["x-ballast-signature-256"] as? String
                #expect(signature == (try Self.pythonSignature(bodies[0], key: Self.secret)))
                #expect(headers?["x-ballast-event"] as? String == "stageFailed")
            }
            #expect(!bodies[0].contains(Self.secret))
            try await Task.sleep(for: .milliseconds(200))
            #expect(
                metrics.exposition().contains(
                    #"ballast_notifications_total{application="default",target="webhook-1",result="delivered"} 1"#),
                "\(metrics.exposition())")
        }
    }

    @Test("a 4xx is not retried: one request, counted as failed")
    func noRetryOn4xx() async throws {
        let receiver = try await NotificationRecorder.start(["--status", "404"])
        let metrics = ControllerMetrics()
        let notifications = try Notifications(
            targets: [NotificationTarget(kind: .slack, url: receiver.url + "/services/T0/B0/SECRETPATH")],
            metrics: metrics, logger: Logger(label: "test"), backoff: .milliseconds(50))
        try await Self.running(notifications) {
            await notifications.observe(Self.status(.synced, revision: "a"))
            await notifications.observe(Self.status(.awaitingApproval, revision: "b", reason: .awaitingApproval))
            _ = try await receiver.waitFor(1)
            // Two more attempts would have come within 50 + 100 ms.
            try await Task.sleep(for: .milliseconds(800))
            let requests = receiver.requests
            #expect(requests.count == 1)
            let text = (requests.first?["body"] as? [String: Any])?["text"] as? String
            #expect(text?.hasPrefix("Approval needed in dev") == true, "\(requests)")
            #expect(
                metrics.exposition().contains(
                    #"ballast_notifications_total{application="default",target="slack-1",result="failed"} 1"#),
                "\(metrics.exposition())")
        }
    }

    @Test("a receiver that hangs: observing returns at once, each request ends at the timeout, then it is given up")
    func hangingReceiverIsBounded() async throws {
        let receiver = try await NotificationRecorder.start(["--hang", "30"])
        let metrics = ControllerMetrics()
        let notifications = try Notifications(
            targets: [NotificationTarget(kind: .webhook, url: receiver.url, timeout: .milliseconds(300))],
            metrics: metrics, logger: Logger(label: "test"), attempts: 2, backoff: .milliseconds(100))
        try await Self.running(notifications) {
            let clock = ContinuousClock()
            var observing = await clock.measure {
                await notifications.observe(Self.status(.synced, revision: "a"))
                await notifications.observe(Self.status(.failed, revision: "b", reason: .stackFailed))
            }
            _ = try await receiver.waitFor(1)
            observing += await clock.measure {
                await notifications.observe(Self.status(.failed, revision: "c", reason: .stackFailed))
            }
            // Sending in the caller would take two attempts of 300 ms for each event.
            #expect(observing < .milliseconds(250), "\(observing)")
            // Two attempts of 300 ms and a pause of 100 ms, for each of the two events.
            let given = try await clock.measure {
                let deadline = ContinuousClock.now + .seconds(10)
                while !metrics.exposition().contains(#"result="failed"} 2"#), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            #expect(given < .seconds(5), "\(given)")
            #expect(receiver.requests.count == 4)
        }
    }

    @Test("a full queue drops its oldest event and counts the drop")
    func fullQueueDropsOldest() async throws {
        let receiver = try await NotificationRecorder.start(["--hang", "30"])
        let metrics = ControllerMetrics()
        let notifications = try Notifications(
            targets: [NotificationTarget(kind: .webhook, url: receiver.url, timeout: .seconds(10))],
            metrics: metrics, logger: Logger(label: "test"), capacity: 1, attempts: 1)
        try await Self.running(notifications) {
            await notifications.observe(Self.status(.synced, revision: "a"))
            await notifications.observe(Self.status(.failed, revision: "b", reason: .stackFailed))
            // The first event is being sent (and hangs); the queue of one holds the next.
            _ = try await receiver.waitFor(1)
            await notifications.observe(Self.status(.failed, revision: "c", reason: .stackFailed))
            await notifications.observe(Self.status(.failed, revision: "d", reason: .stackFailed))
            #expect(
                metrics.exposition().contains(
                    #"ballast_notifications_dropped_total{application="default",target="webhook-1"} 1"#),
                "\(metrics.exposition())")
        }
    }

    @Test("a target's events filter: only the events it names are sent")
    func eventsFilter() async throws {
        let all = try await NotificationRecorder.start()
        let some = try await NotificationRecorder.start()
        let notifications = try Notifications(
            targets: [
                NotificationTarget(kind: .webhook, url: all.url),
                NotificationTarget(kind: .webhook, url: some.url, events: [.approvalNeeded]),
            ], metrics: ControllerMetrics(), logger: Logger(label: "test"))
        try await Self.running(notifications) {
            await notifications.observe(Self.status(.synced, revision: "a"))
            await notifications.observe(Self.status(.failed, revision: "b", reason: .stackFailed))
            await notifications.observe(Self.status(.awaitingApproval, revision: "c", reason: .awaitingApproval))
            let everything = try await all.waitFor(2)
            let approvals = try await some.waitFor(1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(
                everything.compactMap { ($0["body"] as? [String: Any])?["event"] as? String } == [
                    "stageFailed", "approvalNeeded",
                ])
            #expect(
                some.requests.compactMap { ($0["body"] as? [String: Any])?["event"] as? String } == ["approvalNeeded"])
            #expect(approvals.count == 1)
        }
    }

    @Test("two applications' stages of one name are told apart, and each event names its application")
    func applicationsApart() async throws {
        let receiver = try await NotificationRecorder.start()
        let metrics = ControllerMetrics()
        let notifications = try Notifications(
            targets: [NotificationTarget(kind: .webhook, url: receiver.url)], metrics: metrics,
            logger: Logger(label: "test"))
        try await Self.running(notifications) {
            await notifications.observe(Self.status(.synced, revision: "a"), application: "shop")
            await notifications.observe(Self.status(.synced, revision: "a"), application: "billing")
            await notifications.observe(Self.status(.failed, revision: "b", reason: .stackFailed), application: "shop")
            // The same failure in the other application's dev: news there too, not a repeat.
            await notifications.observe(
                Self.status(.failed, revision: "b", reason: .stackFailed), application: "billing")
            let requests = try await receiver.waitFor(2)
            try await Task.sleep(for: .milliseconds(300))
            let bodies = receiver.requests.compactMap { $0["body"] as? [String: Any] }
            #expect(bodies.compactMap { $0["event"] as? String } == ["stageFailed", "stageFailed"], "\(requests)")
            #expect(bodies.compactMap { $0["application"] as? String } == ["shop", "billing"], "\(bodies)")
            #expect(bodies.allSatisfy { $0["stage"] as? String == "dev" })
            #expect(
                metrics.exposition().contains(
                    #"ballast_notifications_total{application="billing",target="webhook-1",result="delivered"} 1"#),
                "\(metrics.exposition())")
        }
    }
}
