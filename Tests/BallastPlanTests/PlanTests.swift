import BallastModel
import BallastPlan
import BallastSynth
import Foundation
import Testing

@Suite("rollout needs")
struct FunctionRolloutNeedTests {
    static func orders(stage: String = "prod") throws -> ResolvedFunction {
        let files = try StageDiffTests.exampleFiles()
        let state = try DesiredStateLoader.load(DesiredTree(files: files))
        let function = try #require(state.functions.first { $0.name == "orders" })
        return function.resolved(for: try #require(state.stage(named: stage)))
    }

    static let oldDigest = "sha256:" + String(repeating: "a", count: 64)
    static let newDigest = "sha256:" + String(repeating: "b", count: 64)

    static func live(
        digest: String = oldDigest, memory: Int = 512, environment: [String: String] = ["LOG_LEVEL": "info"]
    )
        -> LiveFunction
    {
        LiveFunction(
            name: "shop-prod-orders", alias: AliasWeights(version: "3"),
            versions: [
                "3": PublishedVersion(
                    version: "3", imageDigest: digest, memoryMiB: memory, timeoutSeconds: 10,
                    environment: environment.merging(["DB_SECRET_ARN": "arn:aws:secretsmanager:…"]) { $1 })
            ])
    }

    @Test("a function without alias live needs its alias created")
    func newFunction() throws {
        let need = FunctionRolloutNeed.evaluate(try Self.orders(), desiredDigest: Self.newDigest, live: nil)
        #expect(need.action == .createAlias)
    }

    @Test("the same digest and configuration: nothing to do; the DB_ variables Ballast sets are not compared")
    func inSync() throws {
        let need = FunctionRolloutNeed.evaluate(try Self.orders(), desiredDigest: Self.oldDigest, live: Self.live())
        #expect(need.action == .none && need.currentVersion == "3")
    }

    @Test(
        "a served version not read, its alias note matching the desired signature: nothing to do; any other note is no proof"
    )
    func inSyncByNote() throws {
        let orders = try Self.orders()
        let served = try #require(Self.live().versions["3"]?.signature)
        func need(note: LiveAliasNote?, digest: String? = Self.oldDigest) -> FunctionRolloutNeed {
            FunctionRolloutNeed.evaluate(
                orders, desiredDigest: digest,
                live: LiveFunction(
                    name: "shop-prod-orders", alias: AliasWeights(version: "3"), versions: [:], note: note))
        }
        #expect(orders.signature(digest: Self.oldDigest) == served)
        #expect(need(note: LiveAliasNote(version: "3", signature: served)).action == .none)
        // A note of another version (live moved by someone else), another signature (a new
        // image), no note, or no desired digest to compare with: the version must be read.
        for (note, digest) in [
            (LiveAliasNote(version: "2", signature: served), Self.oldDigest),
            (LiveAliasNote(version: "3", signature: served), Self.newDigest),
            (nil, Self.oldDigest), (LiveAliasNote(version: "3", signature: served), nil),
        ] {
            let result = need(note: note, digest: digest)
            #expect(result.action == .rollout, "\(String(describing: note)), \(digest ?? "no digest")")
            #expect(result.reasons == ["version 3 of live could not be read"])
        }
    }

    @Test("a tag pushed again (new digest) is a rollout, with the stage's canary strategy")
    func repushedTag() throws {
        let need = FunctionRolloutNeed.evaluate(try Self.orders(), desiredDigest: Self.newDigest, live: Self.live())
        #expect(need.action == .rollout)
        #expect(need.reasons == ["image sha256:aaaaaaaaaaaa → sha256:bbbbbbbbbbbb"])
        #expect(need.strategy == .canary(percent: 10, bake: .seconds(300)))
    }

    @Test("a configuration change alone is rolled out as a new version too")
    func configurationChange() throws {
        let need = FunctionRolloutNeed.evaluate(
            try Self.orders(), desiredDigest: Self.oldDigest,
            live: Self.live(memory: 256, environment: ["LOG_LEVEL": "debug", "OLD": "1"]))
        #expect(need.action == .rollout)
        #expect(need.reasons == ["memory 256 → 512 MiB", "environment LOG_LEVEL", "environment OLD"])
    }

    @Test("traffic split between two versions is a rollout in progress")
    func inProgress() throws {
        var live = Self.live()
        live.alias = AliasWeights(version: "3", additional: (version: "4", weight: 0.1))
        #expect(
            FunctionRolloutNeed.evaluate(try Self.orders(), desiredDigest: Self.newDigest, live: live).action
                == .inProgress)
    }

    @Test("a rollout in progress to what is still desired goes on; to something else, it is superseded")
    func superseded() throws {
        let orders = try Self.orders()
        func running(_ digest: String) -> String {
            RolloutRecord(
                from: "3", to: "4", step: 0, stepStartedAt: Date(timeIntervalSince1970: 1_800_000_000),
                fingerprint: RolloutFingerprint.of(
                    digest: digest, memoryMiB: orders.memoryMiB, timeoutSeconds: orders.timeoutSeconds,
                    environment: orders.environment)
            ).tagValue
        }
        var live = Self.live()
        live.alias = AliasWeights(version: "3", additional: (version: "4", weight: 0.1))
        live.rolloutTag = running(Self.newDigest)
        #expect(FunctionRolloutNeed.evaluate(orders, desiredDigest: Self.newDigest, live: live).action == .inProgress)
        let newer = "sha256:" + String(repeating: "c", count: 64)
        let need = FunctionRolloutNeed.evaluate(orders, desiredDigest: newer, live: live)
        #expect(need.action == .supersede)
        #expect(need.currentVersion == "3")
        #expect(need.reasons == ["the rollout to version 4 is for an image or configuration no longer desired"])
        // Offline (no digest): it cannot tell, and leaves the rollout alone.
        #expect(FunctionRolloutNeed.evaluate(orders, desiredDigest: nil, live: live).action == .inProgress)
        let plan = try StagePlanTests.plan(files: try StageDiffTests.exampleFiles(), live: [], rollouts: [need])
        #expect(plan.summary.rollouts == 1)
        let text = PlanText(colors: false).render([plan])
        #expect(text.contains("rollout orders: the rollout to version 4 is for an image"), "\(text)")
        #expect(text.contains("; back to version 3 first, then "), "\(text)")
    }
}

@Suite("alarm drift")
struct AlarmDriftTests {
    static func monitoringTemplate() throws -> JSONValue {
        let stage = try StageDiffTests.prod(try StageDiffTests.exampleFiles())
        return try #require(stage.stacks.first { $0.kind == .monitoring }).json
    }

    static func liveAlarms(from template: JSONValue) -> [LiveAlarm] {
        (template["Resources"]?.objectValue ?? [:]).values.filter { $0["Type"] == "AWS::CloudWatch::Alarm" }.map {
            alarm in
            let properties = alarm["Properties"]!
            return LiveAlarm(
                name: properties["AlarmName"]!.stringValue!,
                threshold: Double(
                    properties["Threshold"].flatMap { if case .integer(let n) = $0 { n } else { nil } } ?? 0),
                comparison: properties["ComparisonOperator"]!.stringValue!,
                period: properties["Period"].flatMap { if case .integer(let n) = $0 { n } else { nil } },
                evaluationPeriods: properties["EvaluationPeriods"].flatMap {
                    if case .integer(let n) = $0 { n } else { nil }
                } ?? 1,
                alarmActions: ["arn:aws:sns:eu-central-1:123456789012:shop-prod-alarms"],
                okActions: ["arn:aws:sns:eu-central-1:123456789012:shop-prod-alarms"], state: "OK")
        }
    }

    @Test("alarms as deployed: no drift")
    func noDrift() throws {
        let template = try Self.monitoringTemplate()
        #expect(
            AlarmDrift.find(
                templates: [template], live: Self.liveAlarms(from: template), topicSuffix: "shop-prod-alarms") == [])
    }

    @Test("a threshold edited by hand, an action removed and an alarm deleted are reported")
    func drift() throws {
        let template = try Self.monitoringTemplate()
        var live = Self.liveAlarms(from: template)
        let errors = try #require(live.firstIndex { $0.name == "shop-prod-orders-errors" })
        live[errors].threshold = 5
        let duration = try #require(live.firstIndex { $0.name == "shop-prod-orders-duration" })
        live[duration].alarmActions = []
        live.removeAll { $0.name == "shop-prod-main-cpu" }
        let drift = AlarmDrift.find(templates: [template], live: live, topicSuffix: "shop-prod-alarms")
        #expect(
            drift == [
                AlarmDrift(name: "shop-prod-main-cpu", differences: ["missing"]),
                AlarmDrift(name: "shop-prod-orders-duration", differences: ["alarm actions  → the stage's topic"]),
                AlarmDrift(name: "shop-prod-orders-errors", differences: ["threshold 5 → 1"]),
            ])
    }
}

@Suite("stage plans")
struct StagePlanTests {
    static func plan(
        files: [String: String], live: [LiveStack], rollouts: [FunctionRolloutNeed] = [], allowReplace: Set<String> = []
    )
        throws -> StagePlan
    {
        let state = try DesiredStateLoader.load(DesiredTree(files: files))
        let stage = try #require(state.stage(named: "prod"))
        let assembly = try Synthesizer.synthesize(state, stage: stage)
        let stacks = StageDiff.changes(desired: assembly, live: live, project: state.project)
        return StagePlan(
            stage: stage, state: state, stacks: stacks, rollouts: rollouts, alarmDrift: [], allowReplace: allowReplace)
    }

    @Test("a first deployment: every stack created in order, aliases created between compute and api")
    func firstDeployment() throws {
        let rollouts = ["catalog", "orders"].map {
            FunctionRolloutNeed(
                function: $0, action: .createAlias, currentVersion: nil, reasons: ["new function"], strategy: .allAtOnce
            )
        }
        let plan = try Self.plan(files: try StageDiffTests.exampleFiles(), live: [], rollouts: rollouts)
        #expect(
            plan.actions.map { "\($0.kind.rawValue) \($0.target)" } == [
                "createStack shop-prod-network", "createStack shop-prod-database", "createStack shop-prod-compute",
                "createAlias catalog", "createAlias orders", "createStack shop-prod-api",
                "createStack shop-prod-api-stage",
                "createStack shop-prod-monitoring", "createStack shop-prod-assets",
            ])
        // 23 network + 6 database + 6 compute + 9 api + 2 api-stage + 14 monitoring + 1 assets.
        #expect(plan.summary.line == "Plan: 61 to add, 0 to change, 0 to replace, 0 to delete; 2 rollouts")
        #expect(plan.refusals == [])
    }

    @Test("in sync: no actions, and the text says so")
    func inSync() throws {
        let files = try StageDiffTests.exampleFiles()
        let live = try StageDiffTests.live(try StageDiffTests.prod(files))
        let plan = try Self.plan(files: files, live: live)
        #expect(plan.actions == [] && !plan.hasChanges)
        #expect(PlanText(colors: false).render([plan]).contains("No changes. AWS matches the desired state."))
        #expect(plan.summary.line == "Plan: 0 to add, 0 to change, 0 to replace, 0 to delete; 0 rollouts")
    }

    @Test("replacing the database is refused with the way to allow it, unless allowed")
    func refusedReplacement() throws {
        let files = try StageDiffTests.exampleFiles()
        var live = try StageDiffTests.live(try StageDiffTests.prod(files))
        let index = try #require(live.firstIndex { $0.name == "shop-prod-database" })
        live[index].template = StageDiffTests.replacing(
            live[index].template, "shop-prod-main", with: "shop-prod-legacy")
        let refused = try Self.plan(files: files, live: live)
        #expect(
            refused.refusals == [
                "shop-prod-database: would replace MainInstance (AWS::RDS::DBInstance) and lose its data; allow it with --allow-replace main or allowReplace: true in databases/main.yaml"
            ])
        #expect(refused.summary.replace == 1)
        let text = PlanText(colors: false).render([refused])
        #expect(text.contains("± MainInstance AWS::RDS::DBInstance (replace) DATA LOSS"))
        #expect(
            text.contains(
                "Properties.DBInstanceIdentifier: \"shop-prod-legacy\" → \"shop-prod-main\" (forces replacement)"))
        #expect(try Self.plan(files: files, live: live, allowReplace: ["main"]).refusals == [])
    }

    @Test(
        "a database deployed before enhanced monitoring: turning it on adds the role and changes the instance in place, refusing nothing"
    )
    func enhancedMonitoringInPlace() throws {
        let files = try StageDiffTests.exampleFiles()
        var live = try StageDiffTests.live(try StageDiffTests.prod(files))
        let index = try #require(live.firstIndex { $0.name == "shop-prod-database" })
        guard case .object(var template) = live[index].template, case .object(var resources)? = template["Resources"],
            case .object(var instance)? = resources["MainInstance"],
            case .object(var properties)? = instance["Properties"]
        else {
            Issue.record("unexpected database template: \(live[index].template)")
            return
        }
        properties["MonitoringInterval"] = nil
        properties["MonitoringRoleArn"] = nil
        instance["Properties"] = .object(properties)
        resources["MainInstance"] = .object(instance)
        resources["MainMonitoringRole"] = nil
        template["Resources"] = .object(resources)
        live[index].template = .object(template)
        let plan = try Self.plan(files: files, live: live)
        #expect(plan.refusals == [])
        #expect(plan.summary.line == "Plan: 1 to add, 1 to change, 0 to replace, 0 to delete; 0 rollouts")
    }

    @Test("an orphan is kept and reported without prune, deleted last with it")
    func orphans() throws {
        var files = try StageDiffTests.exampleFiles()
        var live = try StageDiffTests.live(try StageDiffTests.prod(files))
        live.append(
            LiveStack(
                name: "shop-prod-compute-2", status: "CREATE_COMPLETE",
                template: ["Resources": ["XRole": ["Type": "AWS::IAM::Role"]]],
                tags: ["managed-by": "ballast", "project": "shop", "stage": "prod"]))
        #expect(
            try Self.plan(files: files, live: live).actions == [
                PlannedAction(
                    kind: .keepOrphan, target: "shop-prod-compute-2",
                    reason: "no longer desired; kept because prune is off")
            ])
        files["ballast.yaml"] = files["ballast.yaml"]!.replacingOccurrences(
            of: "    branch: main\n", with: "    branch: main\n    prune: true\n")
        let pruned = try Self.plan(files: files, live: live)
        #expect(pruned.actions.map(\.kind) == [.deleteStack])
        #expect(pruned.summary.delete == 1)
    }

    @Test("the JSON document carries a schema version and the same summary")
    func jsonDocument() throws {
        let plan = try Self.plan(files: try StageDiffTests.exampleFiles(), live: [])
        let data = try JSONEncoder().encode(PlanDocument([plan]))
        let decoded = try JSONDecoder().decode(PlanDocument.self, from: data)
        #expect(decoded.schemaVersion == 1)
        #expect(decoded.summaryLine == plan.summary.line)
        #expect(decoded.stages.first?.stacks.count == plan.stacks.count)
    }
}
