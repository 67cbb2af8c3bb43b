import BallastControllerConfig
import BallastModel
import BallastPlan
import Foundation
import Testing

@Suite("notification events between two statuses")
struct NotificationEventsTests {
    static let time = Date(timeIntervalSince1970: 1_790_000_000)

    static func status(
        _ phase: StageStatus.Phase, reason: StageStatus.Reason? = nil, revision: String = "c1",
        rollouts: [StageStatus.RolloutStatus] = []
    ) -> StageStatus {
        StageStatus(
            stage: "prod", phase: phase, reason: reason, message: "\(reason?.rawValue ?? phase.rawValue) message",
            revision: revision, time: time, rollouts: rollouts)
    }

    static func rollout(_ phase: String, weight: Int, to: String = "2", note: String? = nil)
        -> StageStatus.RolloutStatus
    {
        .init(function: "orders", from: "1", to: to, weight: weight, phase: phase, note: note)
    }

    static func kinds(_ previous: StageStatus?, _ current: StageStatus) -> [NotificationEventKind] {
        NotificationEvents.between(previous, current).map(\.kind)
    }

    @Test("a rollout from start to end: started, each step, completed — each once")
    func rolloutLifecycle() throws {
        let synced = Self.status(.synced, reason: .synced)
        let at10 = Self.status(.progressing, reason: .rollingOut, rollouts: [Self.rollout("progressing", weight: 10)])
        let held = Self.status(
            .progressing, reason: .rollingOut,
            rollouts: [Self.rollout("progressing", weight: 10, note: "no invocations; step extended")])
        let at50 = Self.status(.progressing, reason: .rollingOut, rollouts: [Self.rollout("progressing", weight: 50)])
        let done = Self.status(.synced, reason: .synced, rollouts: [Self.rollout("succeeded", weight: 100)])
        #expect(Self.kinds(synced, at10) == [.rolloutStarted])
        #expect(Self.kinds(at10, at10) == [])
        #expect(Self.kinds(at10, held) == [])
        #expect(Self.kinds(held, at50) == [.rolloutStep])
        #expect(Self.kinds(at50, done) == [.rolloutCompleted])
        #expect(Self.kinds(done, done) == [])
        let started = try #require(NotificationEvents.between(synced, at10).first)
        #expect(started.function == "orders" && started.from == "1" && started.to == "2" && started.weight == 10)
        #expect(started.message == "orders: rollout of version 1 → 2 started at 10%")
        #expect(started.stage == "prod" && started.revision == "c1" && started.time == Self.time)
    }

    @Test("a rollout that started and ended between two looks is told as both")
    func allAtOnce() {
        let before = Self.status(.synced, rollouts: [Self.rollout("succeeded", weight: 100, to: "1")])
        let after = Self.status(.synced, revision: "c2", rollouts: [Self.rollout("succeeded", weight: 100, to: "2")])
        #expect(Self.kinds(before, after) == [.rolloutStarted, .rolloutCompleted])
    }

    @Test("a rollback is told once, with its reason, and not as a stage failure too")
    func rolledBack() {
        let at10 = Self.status(.progressing, reason: .rollingOut, rollouts: [Self.rollout("progressing", weight: 10)])
        let back = Self.status(
            .failed, reason: .rolledBack, rollouts: [Self.rollout("rolledBack", weight: 0, note: "alarm in ALARM: x")])
        let events = NotificationEvents.between(at10, back)
        #expect(events.map(\.kind) == [.rolledBack])
        #expect(events.first?.message == "orders: rolled back to version 1: alarm in ALARM: x")
        #expect(Self.kinds(back, back) == [])
    }

    @Test("a failure is told once per commit and reason; a new commit failing is told again")
    func stageFailed() {
        let synced = Self.status(.synced, reason: .synced)
        let failed = Self.status(.failed, reason: .reconcileFailed)
        #expect(Self.kinds(synced, failed) == [.stageFailed])
        #expect(Self.kinds(failed, failed) == [])
        #expect(Self.kinds(failed, Self.status(.failed, reason: .stackFailed)) == [.stageFailed])
        #expect(Self.kinds(failed, Self.status(.failed, reason: .reconcileFailed, revision: "c2")) == [.stageFailed])
        #expect(NotificationEvents.between(synced, failed).first?.message == "ReconcileFailed message")
    }

    @Test("a plan waiting for approval is told once")
    func approvalNeeded() {
        let waiting = Self.status(.awaitingApproval, reason: .awaitingApproval)
        #expect(Self.kinds(Self.status(.synced), waiting) == [.approvalNeeded])
        #expect(Self.kinds(waiting, waiting) == [])
    }

    @Test("the first look after a start reports only what needs a person, not a rollout seen mid-way")
    func firstLook() {
        let at10 = Self.status(.progressing, reason: .rollingOut, rollouts: [Self.rollout("progressing", weight: 10)])
        #expect(Self.kinds(nil, at10) == [])
        #expect(Self.kinds(Self.status(.unknown), at10) == [])
        #expect(Self.kinds(nil, Self.status(.failed, reason: .untrusted)) == [.stageFailed])
        #expect(Self.kinds(nil, Self.status(.awaitingApproval, reason: .awaitingApproval)) == [.approvalNeeded])
        #expect(Self.kinds(nil, Self.status(.synced)) == [])
    }
}

@Suite("notification payloads")
struct NotificationPayloadTests {
    static let event = NotificationEvent(
        kind: .rolloutStep, stage: "prod", revision: "0123456789abcdef0123456789abcdef01234567", function: "orders",
        from: "1", to: "2", weight: 50, reason: nil, message: "orders: version 1 → 2 now at 50% <@here> & more",
        time: Date(timeIntervalSince1970: 1_790_000_000))

    @Test("a webhook body is the event as JSON with sorted keys, the same bytes every time")
    func webhook() throws {
        let data = NotificationPayload.webhook(Self.event)
        #expect(data == NotificationPayload.webhook(Self.event))
        let text = String(decoding: data, as: UTF8.self)
        #expect(
            text
                == #"{"event":"rolloutStep","from":"1","function":"orders","message":"orders: version 1 → 2 now at 50% <@here> & more","revision":"0123456789abcdef0123456789abcdef01234567","source":"ballast","stage":"prod","time":"2026-09-21T14:13:20Z","to":"2","weight":50}"#,
            "\(text)")
    }

    @Test("a stage event's webhook body leaves out the rollout fields")
    func webhookStage() throws {
        let event = NotificationEvent(
            kind: .stageFailed, stage: "dev", revision: nil, reason: "StackFailed", message: "m",
            time: Date(timeIntervalSince1970: 0))
        let object = try JSONSerialization.jsonObject(with: NotificationPayload.webhook(event)) as? [String: Any]
        #expect(object?.keys.sorted() == ["event", "message", "reason", "source", "stage", "time"])
    }

    @Test("a Slack message: text and blocks, with <, > and & escaped so nothing becomes a mention or link")
    func slack() throws {
        let object = try JSONSerialization.jsonObject(with: NotificationPayload.slack(Self.event)) as? [String: Any]
        #expect(
            object?["text"] as? String
                == "Rollout step in prod: orders: version 1 → 2 now at 50% &lt;@here&gt; &amp; more")
        let blocks = object?["blocks"] as? [[String: Any]]
        #expect(blocks?.count == 2)
        let section = blocks?.first?["text"] as? [String: Any]
        #expect(section?["type"] as? String == "mrkdwn")
        #expect(
            section?["text"] as? String == "*Rollout step*: orders: version 1 → 2 now at 50% &lt;@here&gt; &amp; more")
        let context = (blocks?.last?["elements"] as? [[String: Any]])?.first?["text"] as? String
        #expect(context == "stage prod · commit 0123456789ab")
    }

    @Test("with an applications: list, the webhook body and the Slack message name the application")
    func application() throws {
        var event = Self.event
        event.application = "shop"
        let object = try JSONSerialization.jsonObject(with: NotificationPayload.webhook(event)) as? [String: Any]
        #expect(object?["application"] as? String == "shop")
        let slack = try JSONSerialization.jsonObject(with: NotificationPayload.slack(event)) as? [String: Any]
        #expect((slack?["text"] as? String)?.hasPrefix("Rollout step in shop/prod: ") == true, "\(slack ?? [:])")
        let blocks = slack?["blocks"] as? [[String: Any]]
        let context = (blocks?.last?["elements"] as? [[String: Any]])?.first?["text"] as? String
        #expect(context == "application shop · stage prod · commit 0123456789ab")
    }
}
